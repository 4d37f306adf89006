/** HTTP plumbing shared by the endpoints: problem responses and error handling. */
@NullMarked
package io.salesbot.server.web;

import org.jspecify.annotations.NullMarked;
