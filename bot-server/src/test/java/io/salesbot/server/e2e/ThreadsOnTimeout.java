package io.salesbot.server.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a request in an end-to-end test times out (the server never answered), the failure carries
 * what the server's threads were doing at that moment: event loops, Redis I/O, Reactor schedulers.
 * CI shows a failure's message but not the test's log, so a rare hang explains itself there.
 */
final class ThreadsOnTimeout implements TestExecutionExceptionHandler {
  private static final int FRAMES = 6;

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown)
      throws Throwable {
    if (!isTimeout(thrown)) {
      throw thrown;
    }
    AssertionError explained =
        new AssertionError(
            thrown.getMessage() + "\nthreads of the test JVM when it timed out:\n" + threads(),
            thrown);
    throw explained;
  }

  private static boolean isTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("Timeout on blocking read")) {
        return true;
      }
    }
    return false;
  }

  private static String threads() {
    ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, FRAMES);
    return Arrays.stream(all)
        .filter(ThreadsOnTimeout::interesting)
        .sorted(Comparator.comparing(ThreadInfo::getThreadName))
        .map(ThreadsOnTimeout::describe)
        .collect(Collectors.joining("\n"));
  }

  private static boolean interesting(ThreadInfo t) {
    String n = t.getThreadName();
    return n.startsWith("reactor-http")
        || n.startsWith("reactor-tcp") // R2DBC's event loops
        || n.startsWith("lettuce")
        || n.startsWith("parallel")
        || n.startsWith("boundedElastic")
        || n.startsWith("r2dbc")
        || n.startsWith("salesbot");
  }

  private static String describe(ThreadInfo t) {
    String frames =
        Arrays.stream(t.getStackTrace()).map(f -> "    at " + f).collect(Collectors.joining("\n"));
    return "  " + t.getThreadName() + " " + t.getThreadState() + "\n" + frames;
  }
}
