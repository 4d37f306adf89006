/**
 * The web console under {@code /console/}: sign-in, sessions and CSRF, and the chat emulator over
 * the sandbox platform; pages are server-rendered Mustache templates with a little plain
 * JavaScript, all served from this jar.
 */
@NullMarked
package io.salesbot.server.console;

import org.jspecify.annotations.NullMarked;
