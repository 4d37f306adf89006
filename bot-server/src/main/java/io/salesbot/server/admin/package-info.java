/** Admin HTTP endpoints guarded by a bearer token. */
@NullMarked
package io.salesbot.server.admin;

import org.jspecify.annotations.NullMarked;
