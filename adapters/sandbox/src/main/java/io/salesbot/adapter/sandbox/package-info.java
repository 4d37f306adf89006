/**
 * The sandbox chat platform: in-memory inboxes and HTTP endpoints to read them, press buttons and
 * type messages, so salesbot can be tried locally and tested without any chat account.
 */
@NullMarked
package io.salesbot.adapter.sandbox;

import org.jspecify.annotations.NullMarked;
