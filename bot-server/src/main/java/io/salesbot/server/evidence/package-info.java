/**
 * Evidence files on the server: kept on disk under their SHA-256, and served to the owner and
 * managers through signed, expiring links ({@code GET /evidence/{id}}).
 */
@NullMarked
package io.salesbot.server.evidence;

import org.jspecify.annotations.NullMarked;
