/**
 * Embedded PostgreSQL and Redis started inside the process when no external ones are configured.
 */
@NullMarked
package io.salesbot.server.devservices;

import org.jspecify.annotations.NullMarked;
