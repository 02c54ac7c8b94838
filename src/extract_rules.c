#include "extract_rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Checked in order, first match wins: whole tokens before parts, and reply
 * forms before comments, so "comment-respond" is a reply form.
 */
const struct extract_word_rule extract_word_rules[] = {
	{ "comment-respond", EXTRACT_TOKEN, CHROME_REPLY_FORM },
	{ "respond", EXTRACT_PART, CHROME_REPLY_FORM },
	{ "commentform", EXTRACT_PART, CHROME_REPLY_FORM },
	{ "comment-form", EXTRACT_TOKEN, CHROME_REPLY_FORM },
	{ "reply-title", EXTRACT_TOKEN, CHROME_REPLY_FORM },
	{ "comments-area", EXTRACT_TOKEN, CHROME_COMMENTS },
	{ "comment", EXTRACT_PART, CHROME_COMMENTS },
	{ "comments", EXTRACT_PART, CHROME_COMMENTS },
	{ "commentlist", EXTRACT_PART, CHROME_COMMENTS },
	{ "commentary", EXTRACT_PART, CHROME_COMMENTS },
	{ "disqus", EXTRACT_PART, CHROME_COMMENTS },
	{ "thread", EXTRACT_PART, CHROME_COMMENTS },
	{ "discussion", EXTRACT_PART, CHROME_COMMENTS },
	{ "trackbacks", EXTRACT_PART, CHROME_COMMENTS },
	{ "pingbacks", EXTRACT_PART, CHROME_COMMENTS },
	{ "jp-relatedposts", EXTRACT_TOKEN, CHROME_RELATED },
	{ "related", EXTRACT_PART, CHROME_RELATED },
	{ "relatedposts", EXTRACT_PART, CHROME_RELATED },
	{ "yarpp", EXTRACT_PART, CHROME_RELATED },
	{ "crp", EXTRACT_PART, CHROME_RELATED },
	{ "outbrain", EXTRACT_PART, CHROME_RELATED },
	{ "taboola", EXTRACT_PART, CHROME_RELATED },
	{ "recommended", EXTRACT_PART, CHROME_RELATED },
	{ "popular", EXTRACT_PART, CHROME_RELATED },
	{ "trending", EXTRACT_PART, CHROME_RELATED },
	{ "sharedaddy", EXTRACT_PART, CHROME_SHARE },
	{ "share", EXTRACT_PART, CHROME_SHARE },
	{ "sharing", EXTRACT_PART, CHROME_SHARE },
	{ "social", EXTRACT_PART, CHROME_SHARE },
	{ "sociable", EXTRACT_PART, CHROME_SHARE },
	{ "addthis", EXTRACT_PART, CHROME_SHARE },
	{ "sharethis", EXTRACT_PART, CHROME_SHARE },
	{ "shareaholic", EXTRACT_PART, CHROME_SHARE },
	{ "newsletter", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "subscribe", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "subscription", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "signup", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "mailchimp", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "mc4wp", EXTRACT_PART, CHROME_NEWSLETTER },
	{ "cookie", EXTRACT_PART, CHROME_COOKIE },
	{ "cookies", EXTRACT_PART, CHROME_COOKIE },
	{ "consent", EXTRACT_PART, CHROME_COOKIE },
	{ "gdpr", EXTRACT_PART, CHROME_COOKIE },
	{ "adsbygoogle", EXTRACT_TOKEN, CHROME_ADVERT },
	{ "ad", EXTRACT_PART, CHROME_ADVERT },
	{ "ads", EXTRACT_PART, CHROME_ADVERT },
	{ "advert", EXTRACT_PART, CHROME_ADVERT },
	{ "adverts", EXTRACT_PART, CHROME_ADVERT },
	{ "advertisement", EXTRACT_PART, CHROME_ADVERT },
	{ "advertising", EXTRACT_PART, CHROME_ADVERT },
	{ "adslot", EXTRACT_PART, CHROME_ADVERT },
	{ "adunit", EXTRACT_PART, CHROME_ADVERT },
	{ "sponsor", EXTRACT_PART, CHROME_ADVERT },
	{ "sponsored", EXTRACT_PART, CHROME_ADVERT },
	{ "dfp", EXTRACT_PART, CHROME_ADVERT },
	{ "promo", EXTRACT_PART, CHROME_ADVERT },
	{ "nav", EXTRACT_PART, CHROME_NAVIGATION },
	{ "navbar", EXTRACT_PART, CHROME_NAVIGATION },
	{ "navigation", EXTRACT_PART, CHROME_NAVIGATION },
	{ "menu", EXTRACT_PART, CHROME_NAVIGATION },
	{ "breadcrumb", EXTRACT_PART, CHROME_NAVIGATION },
	{ "breadcrumbs", EXTRACT_PART, CHROME_NAVIGATION },
	{ "pagination", EXTRACT_PART, CHROME_NAVIGATION },
	{ "pager", EXTRACT_PART, CHROME_NAVIGATION },
	{ "masthead", EXTRACT_PART, CHROME_NAVIGATION },
	{ "skip", EXTRACT_PART, CHROME_NAVIGATION },
	{ "sidebar", EXTRACT_PART, CHROME_OTHER },
	{ "widget", EXTRACT_PART, CHROME_OTHER },
	{ "popup", EXTRACT_PART, CHROME_OTHER },
	{ "modal", EXTRACT_PART, CHROME_OTHER },
	{ "author-box", EXTRACT_TOKEN, CHROME_OTHER },
	{ "authorbox", EXTRACT_PART, CHROME_OTHER },
	{ "author-bio", EXTRACT_TOKEN, CHROME_OTHER },
	{ "about-author", EXTRACT_TOKEN, CHROME_OTHER },
	{ "author-info", EXTRACT_TOKEN, CHROME_OTHER },
	{ "screen-reader-text", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "sr-only", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "visually-hidden", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "hidden", EXTRACT_TOKEN, CHROME_HIDDEN },
};
const size_t extract_nword_rules = NELEM(extract_word_rules);

const struct extract_tag_rule extract_tag_rules[] = {
	{ "script", CHROME_OTHER, false, false },
	{ "style", CHROME_OTHER, false, false },
	{ "noscript", CHROME_OTHER, false, false },
	{ "template", CHROME_OTHER, false, false },
	{ "svg", CHROME_OTHER, false, false },
	{ "link", CHROME_OTHER, false, false },
	{ "meta", CHROME_OTHER, false, false },
	{ "object", CHROME_OTHER, false, false },
	{ "embed", CHROME_OTHER, false, false },
	{ "canvas", CHROME_OTHER, false, false },
	{ "iframe", CHROME_OTHER, false, true },
	{ "form", CHROME_OTHER, false, true },
	{ "input", CHROME_OTHER, false, true },
	{ "button", CHROME_OTHER, false, true },
	{ "select", CHROME_OTHER, false, true },
	{ "textarea", CHROME_OTHER, false, true },
	{ "dialog", CHROME_OTHER, false, true },
	{ "nav", CHROME_NAVIGATION, false, true },
	{ "menu", CHROME_NAVIGATION, false, true },
	{ "aside", CHROME_OTHER, false, true },
	{ "header", CHROME_NAVIGATION, true, true },
	{ "footer", CHROME_NAVIGATION, true, true },
};
const size_t extract_ntag_rules = NELEM(extract_tag_rules);

const struct extract_role_rule extract_role_rules[] = {
	{ "navigation", CHROME_NAVIGATION },
	{ "menu", CHROME_NAVIGATION },
	{ "menubar", CHROME_NAVIGATION },
	{ "banner", CHROME_NAVIGATION },
	{ "contentinfo", CHROME_NAVIGATION },
	{ "search", CHROME_NAVIGATION },
	{ "complementary", CHROME_OTHER },
	{ "dialog", CHROME_OTHER },
	{ "alertdialog", CHROME_OTHER },
};
const size_t extract_nrole_rules = NELEM(extract_role_rules);

/* Headings and lines; one language per block, English first. */
const struct extract_phrase_rule extract_phrase_rules[] = {
	{ "related", CHROME_RELATED, false },
	{ "related post", CHROME_RELATED, false },
	{ "related posts", CHROME_RELATED, false },
	{ "related articles", CHROME_RELATED, false },
	{ "related stories", CHROME_RELATED, false },
	{ "related content", CHROME_RELATED, false },
	{ "related reading", CHROME_RELATED, false },
	{ "you may also like", CHROME_RELATED, false },
	{ "you might also like", CHROME_RELATED, false },
	{ "more from", CHROME_RELATED, true },
	{ "more stories", CHROME_RELATED, false },
	{ "recommended", CHROME_RELATED, false },
	{ "recommended for you", CHROME_RELATED, false },
	{ "read next", CHROME_RELATED, false },
	{ "read more", CHROME_RELATED, false },
	{ "also read", CHROME_RELATED, false },
	{ "don t miss", CHROME_RELATED, false },
	{ "most read", CHROME_RELATED, false },
	{ "most popular", CHROME_RELATED, false },
	{ "top stories", CHROME_RELATED, false },
	{ "latest news", CHROME_RELATED, false },
	{ "more on this story", CHROME_RELATED, false },
	{ "editor s picks", CHROME_RELATED, false },
	{ "related topics", CHROME_RELATED, false },
	{ "comments", CHROME_COMMENTS, false },
	{ "comment", CHROME_COMMENTS, false },
	{ "responses", CHROME_COMMENTS, false },
	{ "responses to", CHROME_COMMENTS, true },
	{ "one response", CHROME_COMMENTS, true },
	{ "one comment", CHROME_COMMENTS, true },
	{ "comments on", CHROME_COMMENTS, true },
	{ "comments to", CHROME_COMMENTS, true },
	{ "thoughts on", CHROME_COMMENTS, true },
	{ "one thought on", CHROME_COMMENTS, true },
	{ "trackbacks", CHROME_COMMENTS, true },
	{ "pingbacks", CHROME_COMMENTS, true },
	{ "discussion", CHROME_COMMENTS, false },
	{ "leave a reply", CHROME_REPLY_FORM, true },
	{ "leave a comment", CHROME_REPLY_FORM, true },
	{ "post a comment", CHROME_REPLY_FORM, true },
	{ "add a comment", CHROME_REPLY_FORM, true },
	{ "write a comment", CHROME_REPLY_FORM, true },
	{ "add your comment", CHROME_REPLY_FORM, true },
	{ "your email address will not be published", CHROME_REPLY_FORM,
	    true },
	{ "cancel reply", CHROME_REPLY_FORM, false },
	{ "share this", CHROME_SHARE, true },
	{ "share", CHROME_SHARE, false },
	{ "share this article", CHROME_SHARE, false },
	{ "share this post", CHROME_SHARE, false },
	{ "like this", CHROME_SHARE, false },
	{ "subscribe", CHROME_NEWSLETTER, true },
	{ "newsletter", CHROME_NEWSLETTER, false },
	{ "sign up for our newsletter", CHROME_NEWSLETTER, true },
	/* German */
	{ "ähnliche beiträge", CHROME_RELATED, false },
	{ "ähnliche artikel", CHROME_RELATED, false },
	{ "verwandte artikel", CHROME_RELATED, false },
	{ "das könnte sie auch interessieren", CHROME_RELATED, false },
	{ "mehr zum thema", CHROME_RELATED, false },
	{ "weitere artikel", CHROME_RELATED, false },
	{ "kommentare", CHROME_COMMENTS, true },
	{ "kommentar", CHROME_COMMENTS, false },
	{ "schreibe einen kommentar", CHROME_REPLY_FORM, true },
	{ "hinterlasse einen kommentar", CHROME_REPLY_FORM, true },
	{ "kommentar verfassen", CHROME_REPLY_FORM, true },
	{ "teilen", CHROME_SHARE, false },
	{ "diesen artikel teilen", CHROME_SHARE, false },
	{ "newsletter abonnieren", CHROME_NEWSLETTER, false },
	/* French */
	{ "articles similaires", CHROME_RELATED, false },
	{ "articles connexes", CHROME_RELATED, false },
	{ "à lire aussi", CHROME_RELATED, false },
	{ "vous aimerez aussi", CHROME_RELATED, false },
	{ "sur le même sujet", CHROME_RELATED, false },
	{ "lire aussi", CHROME_RELATED, false },
	{ "commentaires", CHROME_COMMENTS, true },
	{ "laisser un commentaire", CHROME_REPLY_FORM, true },
	{ "laisser une réponse", CHROME_REPLY_FORM, true },
	{ "partager", CHROME_SHARE, true },
	{ "s abonner", CHROME_NEWSLETTER, true },
	/* Spanish */
	{ "artículos relacionados", CHROME_RELATED, false },
	{ "entradas relacionadas", CHROME_RELATED, false },
	{ "te puede interesar", CHROME_RELATED, false },
	{ "comentarios", CHROME_COMMENTS, true },
	{ "deja una respuesta", CHROME_REPLY_FORM, true },
	{ "deja un comentario", CHROME_REPLY_FORM, true },
	{ "compartir", CHROME_SHARE, true },
	{ "suscríbete", CHROME_NEWSLETTER, true },
	/* Italian */
	{ "articoli correlati", CHROME_RELATED, false },
	{ "potrebbe interessarti", CHROME_RELATED, false },
	{ "commenti", CHROME_COMMENTS, true },
	{ "lascia un commento", CHROME_REPLY_FORM, true },
	{ "lascia una risposta", CHROME_REPLY_FORM, true },
	{ "condividi", CHROME_SHARE, true },
	{ "iscriviti", CHROME_NEWSLETTER, true },
	/* Portuguese */
	{ "artigos relacionados", CHROME_RELATED, false },
	{ "posts relacionados", CHROME_RELATED, false },
	{ "você também pode gostar", CHROME_RELATED, false },
	{ "você pode gostar", CHROME_RELATED, false },
	{ "veja também", CHROME_RELATED, false },
	{ "leia também", CHROME_RELATED, false },
	{ "comentários", CHROME_COMMENTS, true },
	{ "deixe um comentário", CHROME_REPLY_FORM, true },
	{ "deixe uma resposta", CHROME_REPLY_FORM, true },
	{ "compartilhe", CHROME_SHARE, true },
	{ "compartilhar", CHROME_SHARE, true },
	{ "inscreva se", CHROME_NEWSLETTER, true },
	/* Dutch */
	{ "gerelateerde artikelen", CHROME_RELATED, false },
	{ "lees ook", CHROME_RELATED, false },
	{ "reacties", CHROME_COMMENTS, true },
	{ "laat een reactie achter", CHROME_REPLY_FORM, true },
	{ "geef een reactie", CHROME_REPLY_FORM, true },
	{ "delen", CHROME_SHARE, true },
	{ "abonneren", CHROME_NEWSLETTER, true },
	/* Russian */
	{ "похожие статьи", CHROME_RELATED, false },
	{ "похожие записи", CHROME_RELATED, false },
	{ "читайте также", CHROME_RELATED, false },
	{ "комментарии", CHROME_COMMENTS, true },
	{ "добавить комментарий", CHROME_REPLY_FORM, true },
	{ "оставить комментарий", CHROME_REPLY_FORM, true },
	{ "поделиться", CHROME_SHARE, true },
	{ "подписаться", CHROME_NEWSLETTER, true },
};
const size_t extract_nphrase_rules = NELEM(extract_phrase_rules);

#define W EXTRACT_LINE_WHOLE
#define P EXTRACT_LINE_PREFIX
#define S EXTRACT_LINE_SUFFIX
#define T EXTRACT_LINE_SENTENCE
#define C EXTRACT_LINE_PARTS

/*
 * Lines that sit inside an article's markup without being its text: who
 * took the photo, who owns the page, where to sign up.  Word limits keep a
 * sentence that merely starts the same way.
 */
const struct extract_line_rule extract_line_rules[] = {
	{ "image copyright", P, 8, CHROME_CREDIT },
	{ "image source", P, 8, CHROME_CREDIT },
	{ "photo:", P, 8, CHROME_CREDIT },
	{ "photo by", P, 8, CHROME_CREDIT },
	{ "photo credit", P, 8, CHROME_CREDIT },
	{ "photos:", P, 8, CHROME_CREDIT },
	{ "photograph:", P, 8, CHROME_CREDIT },
	{ "photograph by", P, 8, CHROME_CREDIT },
	{ "picture:", P, 8, CHROME_CREDIT },
	{ "image:", P, 8, CHROME_CREDIT },
	{ "image credit", P, 8, CHROME_CREDIT },
	{ "credit:", P, 8, CHROME_CREDIT },
	{ "credit...", P, 8, CHROME_CREDIT },
	{ "credits:", P, 8, CHROME_CREDIT },
	{ "(credit:", P, 8, CHROME_CREDIT },
	{ "(photo:", P, 8, CHROME_CREDIT },
	{ "(image:", P, 8, CHROME_CREDIT },
	{ "(photo credit:", P, 8, CHROME_CREDIT },
	{ "(image credit:", P, 8, CHROME_CREDIT },
	{ "getty images", S, 6, CHROME_CREDIT },
	{ "getty", W, 1, CHROME_CREDIT },
	{ "/afp", S, 6, CHROME_CREDIT },
	{ "/ afp", S, 6, CHROME_CREDIT },
	{ "/reuters", S, 6, CHROME_CREDIT },
	{ "| reuters", S, 6, CHROME_CREDIT },
	{ "shutterstock", S, 6, CHROME_CREDIT },
	{ "©", P, 12, CHROME_CREDIT },
	{ "copyright ©", P, 12, CHROME_CREDIT },
	{ "copyright (c)", P, 12, CHROME_CREDIT },
	{ "all rights reserved.", S, 12, CHROME_CREDIT },
	{ "all rights reserved", S, 12, CHROME_CREDIT },
	{ "advertisement", W, 1, CHROME_ADVERT },
	{ "advertisement:", W, 1, CHROME_ADVERT },
	{ "story continues below", P, 6, CHROME_ADVERT },
	{ "article continues below", P, 6, CHROME_ADVERT },
	{ "continue reading below", P, 6, CHROME_ADVERT },
	{ "sign up for", T, 40, CHROME_NEWSLETTER },
	{ "sign up to", T, 40, CHROME_NEWSLETTER },
	{ "subscribe to", T, 40, CHROME_NEWSLETTER },
	{ "click here", T, 25, CHROME_ADVERT },
	{ "follow us on", T, 40, CHROME_SHARE },
	{ "follow me on", T, 40, CHROME_SHARE },
	{ "follow him on", T, 40, CHROME_SHARE },
	{ "follow her on", T, 40, CHROME_SHARE },
	{ "comment*moderat", C, 40, CHROME_COMMENTS },
	{ "coment*moderad", C, 40, CHROME_COMMENTS },
	{ "kommentar*moderiert", C, 40, CHROME_COMMENTS },
	{ "commentaire*modér", C, 40, CHROME_COMMENTS },
	{ "tell us what you think", W, 5, CHROME_COMMENTS },
	{ "tell us what you think", P, 8, CHROME_COMMENTS },
	{ "earn*commission*link", C, 40, CHROME_ADVERT },
	{ "link*earn*commission", C, 40, CHROME_ADVERT },
	{ "subject to copyright", C, 60, CHROME_CREDIT },
	{ "may be reproduced", C, 60, CHROME_CREDIT },
	{ "may not be reproduced", C, 60, CHROME_CREDIT },
	{ "reporting by", P, 40, CHROME_BYLINE },
	{ "additional reporting by", P, 40, CHROME_BYLINE },
	{ "editing by", P, 30, CHROME_BYLINE },
	{ "read more:", P, 25, CHROME_RELATED },
	{ "related:", P, 25, CHROME_RELATED },
	{ "see also:", P, 25, CHROME_RELATED },
	{ "also read:", P, 25, CHROME_RELATED },
	{ "read also:", P, 25, CHROME_RELATED },
};
const size_t extract_nline_rules = NELEM(extract_line_rules);

#undef W
#undef P
#undef S
#undef T
#undef C

const char *const extract_credit_leads[] = {
	"image:", "images:", "image credit:", "image by", "photo:", "photos:",
	"photo credit:", "photo by", "photograph:", "photographs:",
	"photograph by", "picture:", "pictures:", "pictured by", "credit:",
	"credits:",
};
const size_t extract_ncredit_leads = NELEM(extract_credit_leads);

const char *const extract_credit_sources[] = {
	"getty images", "getty", "reuters", "ap", "ap photo", "afp", "epa",
	"shutterstock", "istock", "alamy",
};
const size_t extract_ncredit_sources = NELEM(extract_credit_sources);

#define G EXTRACT_DATE_GLUE
#define N EXTRACT_DATE_NAME
#define A EXTRACT_DATE_AGO
#define L EXTRACT_DATE_LEAD

const struct extract_date_word extract_date_words[] = {
	{ "jan", N }, { "january", N }, { "feb", N }, { "february", N },
	{ "mar", N }, { "march", N }, { "apr", N }, { "april", N },
	{ "may", N }, { "jun", N }, { "june", N }, { "jul", N }, { "july", N },
	{ "aug", N }, { "august", N }, { "sep", N }, { "sept", N },
	{ "september", N }, { "oct", N }, { "october", N }, { "nov", N },
	{ "november", N }, { "dec", N }, { "december", N }, { "mon", N },
	{ "monday", N }, { "tue", N }, { "tues", N }, { "tuesday", N },
	{ "wed", N }, { "wednesday", N }, { "thu", N }, { "thur", N },
	{ "thurs", N }, { "thursday", N }, { "fri", N }, { "friday", N },
	{ "sat", N }, { "saturday", N }, { "sun", N }, { "sunday", N },
	{ "janeiro", N }, { "fevereiro", N }, { "março", N }, { "abril", N },
	{ "maio", N }, { "junho", N }, { "julho", N }, { "agosto", N },
	{ "setembro", N }, { "outubro", N }, { "novembro", N },
	{ "dezembro", N }, { "segunda", N }, { "terça", N }, { "quarta", N },
	{ "quinta", N }, { "sexta", N }, { "sábado", N }, { "domingo", N },
	{ "feira", N }, { "enero", N }, { "febrero", N }, { "marzo", N },
	{ "mayo", N }, { "junio", N }, { "julio", N }, { "septiembre", N },
	{ "octubre", N }, { "noviembre", N }, { "diciembre", N },
	{ "lunes", N }, { "martes", N }, { "miércoles", N }, { "jueves", N },
	{ "viernes", N }, { "januar", N }, { "februar", N }, { "märz", N },
	{ "mai", N }, { "juni", N }, { "juli", N }, { "oktober", N },
	{ "dezember", N }, { "montag", N }, { "dienstag", N },
	{ "mittwoch", N }, { "donnerstag", N }, { "freitag", N },
	{ "samstag", N }, { "sonntag", N }, { "janvier", N }, { "février", N },
	{ "mars", N }, { "avril", N }, { "juin", N }, { "juillet", N },
	{ "août", N }, { "septembre", N }, { "octobre", N }, { "novembre", N },
	{ "décembre", N }, { "lundi", N }, { "mardi", N }, { "mercredi", N },
	{ "jeudi", N }, { "vendredi", N }, { "samedi", N }, { "dimanche", N },
	{ "gennaio", N }, { "febbraio", N }, { "aprile", N }, { "maggio", N },
	{ "giugno", N }, { "luglio", N }, { "settembre", N }, { "ottobre", N },
	{ "dicembre", N }, { "lunedì", N }, { "martedì", N },
	{ "mercoledì", N }, { "giovedì", N }, { "venerdì", N },
	{ "januari", N }, { "februari", N }, { "maret", N }, { "agustus", N },
	{ "desember", N }, { "senin", N }, { "selasa", N }, { "rabu", N },
	{ "kamis", N }, { "jumat", N }, { "sabtu", N }, { "minggu", N },
	{ "января", N }, { "февраля", N }, { "марта", N }, { "апреля", N },
	{ "мая", N }, { "июня", N }, { "июля", N }, { "августа", N },
	{ "сентября", N }, { "октября", N }, { "ноября", N }, { "декабря", N },
	{ "am", G }, { "pm", G }, { "a", G }, { "p", G }, { "m", G },
	{ "st", G }, { "nd", G }, { "rd", G }, { "th", G }, { "at", G },
	{ "on", G }, { "of", G }, { "the", G }, { "de", G }, { "às", G },
	{ "à", G }, { "e", G }, { "um", G }, { "uhr", G }, { "le", G },
	{ "el", G }, { "del", G }, { "published", G }, { "modified", G },
	{ "posted", G }, { "hour", G }, { "hours", G }, { "hr", G },
	{ "hrs", G }, { "minute", G }, { "minutes", G }, { "min", G },
	{ "mins", G }, { "day", G }, { "days", G }, { "week", G },
	{ "weeks", G }, { "ago", A }, { "updated", L }, { "update", L },
	{ "first", L }, { "last", L },
};
const size_t extract_ndate_words = NELEM(extract_date_words);

#undef G
#undef N
#undef A
#undef L

const char *const extract_positive_words[] = {
	"article", "articlebody", "body", "content", "entry", "hentry",
	"main", "page", "post", "text", "blog", "story", "prose",
};
const size_t extract_npositive_words = NELEM(extract_positive_words);

const char *const extract_negative_words[] = {
	"hidden", "banner", "combx", "comment", "comments", "com", "contact",
	"foot", "footer", "footnote", "masthead", "media", "meta", "outbrain",
	"promo", "related", "scroll", "share", "shoutbox", "sidebar",
	"skyscraper", "sponsor", "shopping", "tags", "tool", "tools", "widget",
	"byline", "author", "dateline", "writtenby", "nav", "menu", "social",
	"ad", "ads", "caption", "credit", "subscribe", "newsletter",
};
const size_t extract_nnegative_words = NELEM(extract_negative_words);

const char *const extract_body_words[] = {
	"articlebody", "article-body", "article_body", "articlecontent",
	"article-content", "article_content", "article-text", "articletext",
	"article__body", "article__content", "entry-content", "entrycontent",
	"entry-body", "entry_content", "post-body", "postbody", "post_body",
	"post-content", "postcontent", "post_content", "post-entry",
	"post-text", "posttext", "story-body", "storybody", "story-content",
	"story-text", "storytext", "blog-post-body", "single-post-content",
	"content-body", "body-text",
	"bodytext", "text-body", "field-body", "node-content",
};
const size_t extract_nbody_words = NELEM(extract_body_words);

/* Class words of a post embedded from a social network and quoted. */
const char *const extract_embed_words[] = {
	"embed", "embedded", "twitter-tweet", "instagram-media",
	"tiktok-embed", "fb-post", "reddit-embed-bq", "bluesky-embed",
};
const size_t extract_nembed_words = NELEM(extract_embed_words);
