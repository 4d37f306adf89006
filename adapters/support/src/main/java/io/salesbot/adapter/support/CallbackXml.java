package io.salesbot.adapter.support;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the flat {@code <xml><Field>value</Field>...</xml>} documents of WeCom and WeChat official
 * account callbacks (the envelope with its {@code Encrypt}, and the decrypted message) into a map
 * of the root's child elements. No DTDs, no external entities: a callback body is untrusted input.
 *
 * <p>A streaming (StAX) reader from one factory built at class load: it is made per call in
 * microseconds, where a DOM {@code DocumentBuilder} cost a third of the acknowledgement's CPU (JFR,
 * docs/benchmarks.md). It reads each character once, so its work grows linearly with the body —
 * unlike a backtracking regex, which a hostile body of whitespace can keep busy for hours.
 */
public final class CallbackXml {
  private static final XMLInputFactory FACTORY = factory();

  private CallbackXml() {}

  /** The body is not a flat {@code <xml>} document (or declares a DTD or uses entities). */
  public static final class NotXmlException extends Exception {
    private static final long serialVersionUID = 1L;

    NotXmlException(String message) {
      super(message, null, false, false);
    }
  }

  private static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /**
   * The root's child elements by name (the first of each name), each with all the text inside it
   * (CDATA included, nested elements' text joined), trimmed.
   */
  public static Map<String, String> fields(String xml) throws NotXmlException {
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      Map<String, String> fields = new LinkedHashMap<>();
      int depth = 0;
      boolean rooted = false;
      String field = null;
      StringBuilder text = new StringBuilder();
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD ->
              throw new NotXmlException("a DOCTYPE is not allowed in a callback body");
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw new NotXmlException("entity references are not allowed in a callback body");
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            if (depth == 1) {
              if (rooted || !"xml".equals(reader.getLocalName())) {
                throw new NotXmlException("the root element must be <xml>");
              }
              rooted = true;
            }
            if (depth == 2) {
              field = reader.getLocalName();
              text.setLength(0);
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (depth >= 2) {
              text.append(reader.getText());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            if (depth == 2 && field != null) {
              fields.putIfAbsent(field, text.toString().strip());
              field = null;
            }
            depth--;
          }
          default -> {
            // comments, processing instructions, whitespace outside elements: nothing to keep
          }
        }
      }
      if (!rooted || depth != 0) {
        throw new NotXmlException("not well-formed XML");
      }
      return fields;
    } catch (NotXmlException e) {
      throw e;
    } catch (XMLStreamException | RuntimeException e) {
      throw new NotXmlException("not well-formed XML");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing held open: the input is a string
        }
      }
    }
  }
}
