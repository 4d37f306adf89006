package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.adapter.wecom.WecomXml.NotXmlException;
import org.junit.jupiter.api.Test;

class WecomXmlTest {

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
    assertThat(WecomXml.fields(xml))
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
      assertThatThrownBy(() -> WecomXml.fields(bad))
          .as("%s", bad)
          .isInstanceOf(NotXmlException.class);
    }
  }
}
