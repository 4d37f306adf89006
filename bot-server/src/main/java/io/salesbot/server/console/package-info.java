/**
 * The web console under {@code /console/}: sign-in (WeCom, DingTalk, and the try-out picker over
 * the sandbox), roles from the team directory, sessions in Redis and CSRF, the managers' teams page
 * and the chat emulator; pages are server-rendered Mustache templates with a little plain
 * JavaScript, all served from this jar.
 */
@NullMarked
package io.salesbot.server.console;

import org.jspecify.annotations.NullMarked;
