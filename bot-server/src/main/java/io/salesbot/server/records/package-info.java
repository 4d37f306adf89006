/** The signed scorecard record API, {@code POST /api/v1/records} (issue 14). */
@NullMarked
package io.salesbot.server.records;

import org.jspecify.annotations.NullMarked;
