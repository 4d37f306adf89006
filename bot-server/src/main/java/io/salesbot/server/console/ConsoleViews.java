package io.salesbot.server.console;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The console's pages: Mustache templates under {@code console/templates/} (HTML-escaped by
 * default) and their wording from {@code console/messages_<lang>.properties}, Chinese unless the
 * visitor chose English ({@code ?lang=en}, remembered in a cookie).
 */
final class ConsoleViews {
  static final String LANG_COOKIE = "SALESBOT_CONSOLE_LANG";
  static final List<String> LANGUAGES = List.of("zh-CN", "en");
  private static final String ROOT = "console/";

  private final Mustache.Compiler compiler;
  private final Map<String, Map<String, String>> messages = new HashMap<>();
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  ConsoleViews() {
    this.compiler =
        Mustache.compiler()
            .escapeHTML(true)
            .withLoader(name -> reader(ROOT + "templates/" + name + ".mustache"));
    for (String lang : LANGUAGES) {
      messages.put(lang, load(ROOT + "messages_" + lang.replace('-', '_') + ".properties"));
    }
  }

  /** The page's language: {@code ?lang=} if it names one we have, else the cookie, else zh-CN. */
  static String language(ServerRequest request) {
    String asked = request.queryParam("lang").orElse(null);
    if (asked != null && LANGUAGES.contains(asked)) {
      return asked;
    }
    HttpCookie cookie = request.cookies().getFirst(LANG_COOKIE);
    if (cookie != null && LANGUAGES.contains(cookie.getValue())) {
      return cookie.getValue();
    }
    return LANGUAGES.get(0);
  }

  /** The wording of one language, keyed as in the bundle. */
  Map<String, String> messages(String lang) {
    return messages.get(lang);
  }

  /** One message. */
  String message(String lang, String key) {
    String text = messages.get(lang).get(key);
    if (text == null) {
      throw new IllegalArgumentException("no console message '" + key + "'");
    }
    return text;
  }

  /** Renders a page with {@code m} (the wording), {@code lang} and the model. */
  Mono<ServerResponse> page(
      ServerRequest request,
      HttpStatus status,
      String template,
      Map<String, Object> model,
      ResponseCookie... cookies) {
    String lang = language(request);
    Map<String, Object> context = new HashMap<>(model);
    context.put("m", messages.get(lang));
    context.put("lang", lang);
    context.put("en", lang.equals("en"));
    context.putIfAbsent("title", message(lang, template + "_title"));
    String html = templates.computeIfAbsent(template, this::compile).execute(context);
    ServerResponse.BodyBuilder response =
        ServerResponse.status(status)
            .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
    if (request.queryParam("lang").filter(LANGUAGES::contains).isPresent()) {
      response.cookie(ConsoleCookies.language(request, lang));
    }
    for (ResponseCookie cookie : cookies) {
      response.cookie(cookie);
    }
    return response.bodyValue(html);
  }

  private Template compile(String name) {
    try (Reader reader = reader(ROOT + "templates/" + name + ".mustache")) {
      return compiler.compile(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console template " + name, e);
    }
  }

  private static Reader reader(String path) {
    try {
      return new InputStreamReader(
          new ClassPathResource(path).getInputStream(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("console resource " + path + " is missing", e);
    }
  }

  private static Map<String, String> load(String path) {
    Properties properties = new Properties();
    try (InputStream in = new ClassPathResource(path).getInputStream();
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("console messages " + path + " are missing", e);
    }
    Map<String, String> map = new HashMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return Map.copyOf(map);
  }
}
