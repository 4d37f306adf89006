/** Card wording and reply texts in zh-CN (default) and English, with the loader that reads them. */
@NullMarked
package io.salesbot.templates;

import org.jspecify.annotations.NullMarked;
