/**
 * PostgreSQL storage for salesbot: R2DBC implementations of the core ports and the Flyway schema.
 */
@NullMarked
package io.salesbot.adapter.postgres;

import org.jspecify.annotations.NullMarked;
