/** The chart images of the manager reports, served over HTTP for the platforms and the sandbox. */
@NullMarked
package io.salesbot.server.charts;

import org.jspecify.annotations.NullMarked;
