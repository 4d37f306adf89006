package io.salesbot.server.charts;

import io.salesbot.core.kernel.ChartImages;
import io.salesbot.server.web.Problems;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /charts/{id}.png}: a chart image of a manager report, for the platforms that fetch it
 * by URL (DingTalk markdown, the sandbox transcript). No login: the id is 256 random bits, so only
 * who was sent the URL can fetch it; an unknown, purged or malformed id is a 404 problem.
 */
public final class ChartImageHandler {
  /** The route's pattern; {@link #url} writes it. */
  public static final String PATH = "/charts/{id}.png";

  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private final ChartImages images;

  public ChartImageHandler(ChartImages images) {
    this.images = images;
  }

  /** The path of an image, e.g. {@code /charts/3f…a1.png}. */
  public static String url(String imageId) {
    return "/charts/" + imageId + ".png";
  }

  public Mono<ServerResponse> get(ServerRequest request) {
    String id = request.pathVariable("id");
    if (!ID.matcher(id).matches()) {
      return notFound();
    }
    return images
        .find(id)
        .flatMap(
            png ->
                ServerResponse.ok()
                    .contentType(MediaType.IMAGE_PNG)
                    .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate())
                    .bodyValue(png))
        .switchIfEmpty(Mono.defer(ChartImageHandler::notFound));
  }

  private static Mono<ServerResponse> notFound() {
    return Problems.of(
        HttpStatus.NOT_FOUND,
        "chart-not-found",
        "找不到这张图表（可能已过期）。 No such chart image; it may have expired.");
  }
}
