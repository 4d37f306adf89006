package io.salesbot.adapter.wecom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads WeCom's flat {@code <xml><Field>value</Field>...</xml>} documents into a map of the root's
 * child elements. No DTDs, no external entities, no XInclude: a callback body is untrusted input.
 */
final class WecomXml {
  private static final DocumentBuilderFactory FACTORY = factory();

  private WecomXml() {}

  static final class NotXmlException extends Exception {
    private static final long serialVersionUID = 1L;

    NotXmlException(String message) {
      super(message, null, false, false);
    }
  }

  private static DocumentBuilderFactory factory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      return f;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser cannot be made safe", e);
    }
  }

  /** The root's child elements by name (the first of each name), their text trimmed. */
  static Map<String, String> fields(String xml) throws NotXmlException {
    Element root;
    try {
      DocumentBuilder builder = FACTORY.newDocumentBuilder();
      builder.setErrorHandler(null);
      root =
          builder
              .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
              .getDocumentElement();
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new NotXmlException("not well-formed XML");
    }
    if (root == null || !"xml".equals(root.getTagName())) {
      throw new NotXmlException("the root element must be <xml>");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        fields.putIfAbsent(child.getNodeName(), child.getTextContent().strip());
      }
    }
    return fields;
  }
}
