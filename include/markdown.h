/*
 * markdown: an extracted article as CommonMark.
 *
 * Renders the blocks extract found (title, headings, paragraphs, list
 * items, quotes, code, captions, table rows) and the byline and date line;
 * inline links and emphasis are not kept, the text is escaped so that it
 * reads as written.  It never looks at HTML; extract owns that.
 */
#ifndef CLIPSEAL_MARKDOWN_H
#define CLIPSEAL_MARKDOWN_H

#include "buf.h"
#include "error.h"
#include "extract.h"

/*
 * Appends the Markdown form of a to out.  Fails (-1, RC_SYS) only when
 * out's cap is reached.
 */
int markdown_render(const struct article *a, struct buf *out,
    struct error *err);

#endif
