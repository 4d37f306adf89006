/**
 * Welcome SMS (欢迎短信): a templated text message to a new lead's phone through an SMS provider,
 * within a per-number daily limit, outside quiet hours and never to a number on the opt-out list;
 * each send (or the reason for not sending) recorded in the lead's history.
 */
@NullMarked
package io.salesbot.core.sms;

import org.jspecify.annotations.NullMarked;
