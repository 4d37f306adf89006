package io.salesbot.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.support.CallbackXml.NotXmlException;
import org.junit.jupiter.api.Test;

class CallbackXmlTest {

  @Test
  void reads_the_root_children_with_cdata_entities_and_nested_text() throws Exception {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<xml>\n"
            + "  <ToUserName><![CDATA[ww123]]></ToUserName>\n"
            + "  <CreateTime>1700000000</CreateTime>\n"
            + "  <Content><![CDATA[/帮助 a]]> &amp; b &lt;c&gt;</Content>\n"
            + "  <!-- a comment -->\n"
            + "  <SelectedItems><SelectedItem><OptionIds><OptionId>x</OptionId></OptionIds>"
            + "</SelectedItem></SelectedItems>\n"
            + "  <Content>second copy is ignored</Content>\n"
            + "  <Empty/>\n"
            + "</xml>";
    assertThat(CallbackXml.fields(xml))
        .containsExactly(
            org.assertj.core.api.Assertions.entry("ToUserName", "ww123"),
            org.assertj.core.api.Assertions.entry("CreateTime", "1700000000"),
            org.assertj.core.api.Assertions.entry("Content", "/帮助 a & b <c>"),
            org.assertj.core.api.Assertions.entry("SelectedItems", "x"),
            org.assertj.core.api.Assertions.entry("Empty", ""));
  }

  @Test
  void refuses_what_is_not_a_flat_wecom_document() {
    for (String bad :
        new String[] {
          "",
          "   ",
          "not xml",
          "<xml><A>1</A>",
          "<xml><A>1</B></xml>",
          "<root><A>1</A></root>",
          "<xml/><xml/>",
          "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
              + "<xml><Encrypt>&e;</Encrypt></xml>",
          "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
              + "<xml><A>&b;</A></xml>",
          "<xml><A>&undeclared;</A></xml>"
        }) {
      assertThatThrownBy(() -> CallbackXml.fields(bad))
          .as("%s", bad)
          .isInstanceOf(NotXmlException.class);
    }
  }

  @Test
  void reads_a_hostile_body_in_one_pass() throws Exception {
    // Bodies that make a backtracking regex over <Encrypt> run for hours: a streaming parse
    // answers them in one pass over the characters (at most 64 KiB reach it).
    String spaces = " ".repeat(64 * 1024 - 64);
    for (String hostile :
        new String[] {
          "<xml><Encrypt>" + spaces + "a",
          "<xml><Encrypt>" + spaces + "</Encrypt>",
          "<xml>" + "<Encrypt> a".repeat(6000),
          "<xml>" + "<A>".repeat(10_000)
        }) {
      assertThatThrownBy(() -> CallbackXml.fields(hostile)).isInstanceOf(NotXmlException.class);
    }
    assertThat(CallbackXml.fields("<xml><Encrypt>" + spaces + "QUJD</Encrypt></xml>"))
        .containsEntry("Encrypt", "QUJD");
  }
}
