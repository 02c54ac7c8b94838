#include "rules.h"

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
	{ "copyright", EXTRACT_PART, CHROME_CREDIT },
	{ "footer", EXTRACT_PART, CHROME_NAVIGATION },
	{ "sidebar", EXTRACT_PART, CHROME_OTHER },
	{ "widget", EXTRACT_PART, CHROME_OTHER },
	{ "popup", EXTRACT_PART, CHROME_OTHER },
	{ "modal", EXTRACT_PART, CHROME_OTHER },
	{ "author-box", EXTRACT_TOKEN, CHROME_OTHER },
	{ "authorbox", EXTRACT_PART, CHROME_OTHER },
	{ "author-bio", EXTRACT_TOKEN, CHROME_OTHER },
	{ "about-author", EXTRACT_TOKEN, CHROME_OTHER },
	{ "author-info", EXTRACT_TOKEN, CHROME_OTHER },
	{ "author-description", EXTRACT_TOKEN, CHROME_OTHER },
	{ "bio", EXTRACT_PART, CHROME_OTHER },
	{ "screen-reader-text", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "sr-only", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "visually-hidden", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "visuallyhidden", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "off-screen", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "offscreen", EXTRACT_TOKEN, CHROME_HIDDEN },
	{ "assistive-text", EXTRACT_TOKEN, CHROME_HIDDEN },
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
	{ "sign up*newsletter", C, 30, CHROME_NEWSLETTER },
	{ "sign-up*newsletter", C, 30, CHROME_NEWSLETTER },
	{ "subscribe*newsletter", C, 30, CHROME_NEWSLETTER },
	{ "join our mailing list", P, 20, CHROME_NEWSLETTER },
	{ "stay connected", P, 6, CHROME_SHARE },
	{ "already have an account?", P, 8, CHROME_NEWSLETTER },
	{ "this article is exclusive to", P, 10, CHROME_NEWSLETTER },
	{ "advertisement:", P, 8, CHROME_ADVERT },
	{ "earn from qualifying purchases", C, 30, CHROME_ADVERT },
	{ "pin this", P, 5, CHROME_SHARE },
	{ "delivered*inbox", C, 20, CHROME_NEWSLETTER },
	{ "follow us on", C, 40, CHROME_SHARE },
	{ "follow me on", T, 40, CHROME_SHARE },
	{ "follow him on", T, 40, CHROME_SHARE },
	{ "follow her on", T, 40, CHROME_SHARE },
	{ "comment*moderat", C, 40, CHROME_COMMENTS },
	{ "coment*moderad", C, 40, CHROME_COMMENTS },
	{ "kommentar*moderiert", C, 40, CHROME_COMMENTS },
	{ "commentaire*modér", C, 40, CHROME_COMMENTS },
	{ "a version of this article appeared", P, 60, CHROME_OTHER },
	{ "this entry was posted", P, 60, CHROME_BYLINE },
	{ "contributed to this report.", S, 40, CHROME_BYLINE },
	{ "contributed to this report", S, 40, CHROME_BYLINE },
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

#define D EXTRACT_DATE_WORD
#define A EXTRACT_DATE_AGO
#define L EXTRACT_DATE_LEAD

const struct extract_date_word extract_date_words[] = {
	{ "jan", D }, { "january", D }, { "feb", D }, { "february", D },
	{ "mar", D }, { "march", D }, { "apr", D }, { "april", D },
	{ "may", D }, { "jun", D }, { "june", D }, { "jul", D }, { "july", D },
	{ "aug", D }, { "august", D }, { "sep", D }, { "sept", D },
	{ "september", D }, { "oct", D }, { "october", D }, { "nov", D },
	{ "november", D }, { "dec", D }, { "december", D }, { "mon", D },
	{ "monday", D }, { "tue", D }, { "tues", D }, { "tuesday", D },
	{ "wed", D }, { "wednesday", D }, { "thu", D }, { "thur", D },
	{ "thurs", D }, { "thursday", D }, { "fri", D }, { "friday", D },
	{ "sat", D }, { "saturday", D }, { "sun", D }, { "sunday", D },
	{ "janeiro", D }, { "fevereiro", D }, { "março", D }, { "abril", D },
	{ "maio", D }, { "junho", D }, { "julho", D }, { "agosto", D },
	{ "setembro", D }, { "outubro", D }, { "novembro", D },
	{ "dezembro", D }, { "segunda", D }, { "terça", D }, { "quarta", D },
	{ "quinta", D }, { "sexta", D }, { "sábado", D }, { "domingo", D },
	{ "feira", D }, { "enero", D }, { "febrero", D }, { "marzo", D },
	{ "mayo", D }, { "junio", D }, { "julio", D }, { "septiembre", D },
	{ "octubre", D }, { "noviembre", D }, { "diciembre", D },
	{ "lunes", D }, { "martes", D }, { "miércoles", D }, { "jueves", D },
	{ "viernes", D }, { "januar", D }, { "februar", D }, { "märz", D },
	{ "mai", D }, { "juni", D }, { "juli", D }, { "oktober", D },
	{ "dezember", D }, { "montag", D }, { "dienstag", D },
	{ "mittwoch", D }, { "donnerstag", D }, { "freitag", D },
	{ "samstag", D }, { "sonntag", D }, { "janvier", D }, { "février", D },
	{ "mars", D }, { "avril", D }, { "juin", D }, { "juillet", D },
	{ "août", D }, { "septembre", D }, { "octobre", D }, { "novembre", D },
	{ "décembre", D }, { "lundi", D }, { "mardi", D }, { "mercredi", D },
	{ "jeudi", D }, { "vendredi", D }, { "samedi", D }, { "dimanche", D },
	{ "gennaio", D }, { "febbraio", D }, { "aprile", D }, { "maggio", D },
	{ "giugno", D }, { "luglio", D }, { "settembre", D }, { "ottobre", D },
	{ "dicembre", D }, { "lunedì", D }, { "martedì", D },
	{ "mercoledì", D }, { "giovedì", D }, { "venerdì", D },
	{ "januari", D }, { "februari", D }, { "maret", D }, { "agustus", D },
	{ "desember", D }, { "senin", D }, { "selasa", D }, { "rabu", D },
	{ "kamis", D }, { "jumat", D }, { "sabtu", D }, { "minggu", D },
	{ "января", D }, { "февраля", D }, { "марта", D }, { "апреля", D },
	{ "мая", D }, { "июня", D }, { "июля", D }, { "августа", D },
	{ "сентября", D }, { "октября", D }, { "ноября", D }, { "декабря", D },
	{ "am", D }, { "pm", D }, { "a", D }, { "p", D }, { "m", D },
	{ "st", D }, { "nd", D }, { "rd", D }, { "th", D }, { "at", D },
	{ "on", D }, { "of", D }, { "the", D }, { "de", D }, { "às", D },
	{ "à", D }, { "e", D }, { "um", D }, { "uhr", D }, { "le", D },
	{ "el", D }, { "del", D }, { "published", D }, { "modified", D },
	{ "posted", D }, { "hour", D }, { "hours", D }, { "hr", D },
	{ "hrs", D }, { "minute", D }, { "minutes", D }, { "min", D },
	{ "mins", D }, { "day", D }, { "days", D }, { "week", D },
	{ "weeks", D }, { "ago", A }, { "updated", L }, { "update", L },
	{ "first", L }, { "last", L },
};
const size_t extract_ndate_words = NELEM(extract_date_words);

#undef D
#undef A
#undef L

#define L EXTRACT_THREAD_LEAD
#define E EXTRACT_THREAD_PLACEHOLDER
#define R EXTRACT_THREAD_REPLY
#define A EXTRACT_THREAD_ACTION
#define F EXTRACT_THREAD_FILLER
#define M EXTRACT_THREAD_MODERATION

/*
 * Readers' threads: leads open the line, placeholders' parts ("a*b": a,
 * then b later) stand anywhere in a line of at most 16 words, a line of
 * actions holds nothing else but fillers and thread stems, moderation
 * words open a word of a line that also holds a thread stem.  One
 * language per block, English first.
 */
const struct extract_thread_phrase extract_thread_phrases[] = {
	{ "have your say", L }, { "your say", L }, { "your views", L },
	{ "your view", L }, { "what do you think", L },
	{ "tell us what you think", L }, { "join the conversation", L },
	{ "join the discussion", L }, { "discussion", L }, { "talkback", L },
	{ "sound off", L }, { "share your thoughts", L },
	{ "leave your thoughts", L }, { "no comments", L },
	{ "be the first*comment", E }, { "be the first*reply", E },
	{ "be the first*respond", E }, { "no comments yet", E },
	{ "no comments so far", E }, { "there are no comments", E },
	{ "no one has commented", E }, { "comments*closed", E },
	{ "commenting*closed", E }, { "closed for comment", E },
	{ "comments*disabled", E }, { "commenting*disabled", E },
	{ "start the conversation", E }, { "start the discussion", E },
	{ "reply", R }, { "respond", R }, { "quote", R }, { "report", R },
	{ "flag", R }, { "like", A }, { "likes", A }, { "unlike", A },
	{ "recommend", A }, { "permalink", A }, { "link", A }, { "vote", A },
	{ "upvote", A }, { "downvote", A },
	{ "this", F }, { "the", F }, { "a", F }, { "to", F }, { "as", F },
	{ "post", F }, { "abuse", F }, { "spam", F }, { "inappropriate", F },
	{ "up", F }, { "down", F }, { "share", F },
	{ "moderat", M }, { "offensive", M }, { "inappropriat", M },
	{ "abusive", M }, { "report abuse", M }, { "guideline", M },
	{ "house rules", M }, { "community standards", M },
	{ "terms of use", M }, { "views expressed", M },
	{ "represent the views", M }, { "reflect the views", M },
	{ "approved before", M }, { "reviewed before", M },
	{ "before they appear", M }, { "before it appears", M },
	/* German */
	{ "ihre meinung", L }, { "deine meinung", L }, { "leserbriefe", L },
	{ "leserstimmen", L }, { "diskussion", L }, { "diskutieren sie mit", L },
	{ "sei der erste", E }, { "seien sie der erste", E },
	{ "noch keine kommentare", E }, { "keine kommentare", E },
	{ "kommentar*geschlossen", E }, { "kommentar*deaktiviert", E },
	{ "antworten", R }, { "antwort", R }, { "zitieren", R }, { "melden", R },
	{ "gefällt mir", A }, { "empfehlen", A },
	{ "diesen", F }, { "beitrag", F }, { "missbrauch", F },
	{ "moderiert", M }, { "beleidig", M }, { "unangemessen", M },
	{ "missbrauch", M }, { "richtlinie", M }, { "netiquette", M },
	/* French */
	{ "votre avis", L }, { "donnez votre avis", L }, { "vos avis", L },
	{ "réagissez", L }, { "réagir", L },
	{ "soyez le premier*comment", E }, { "soyez le premier*réagir", E },
	{ "aucun commentaire", E }, { "pas encore de commentaire", E },
	{ "commentaires*fermés", E }, { "commentaires*clos", E },
	{ "commentaires*désactivés", E },
	{ "répondre", R }, { "citer", R }, { "signaler", R }, { "j aime", A },
	{ "recommander", A }, { "lien permanent", A }, { "permalien", A },
	{ "ce", F }, { "un", F }, { "abus", F },
	{ "modér", M }, { "injurieu", M }, { "charte", M },
	/* Spanish */
	{ "tu opinión", L }, { "su opinión", L }, { "opina", L },
	{ "deja tu opinión", L }, { "conversación", L },
	{ "sé el primero*comentar", E }, { "se el primero*comentar", E },
	{ "sea el primero*comentar", E }, { "no hay comentarios", E },
	{ "aún no hay comentarios", E }, { "comentarios*cerrados", E },
	{ "comentarios*desactivados", E },
	{ "responder", R }, { "citar", R }, { "denunciar", R },
	{ "reportar", R }, { "me gusta", A }, { "recomendar", A },
	{ "enlace permanente", A },
	{ "este", F }, { "abuso", F },
	{ "moderad", M }, { "ofensiv", M }, { "normas", M },
	/* Italian */
	{ "la tua opinione", L }, { "dì la tua", L }, { "di la tua", L },
	{ "discussione", L },
	{ "sii il primo*comment", E }, { "nessun commento", E },
	{ "non ci sono commenti", E }, { "commenti*chiusi", E },
	{ "commenti*disattivati", E },
	{ "rispondi", R }, { "cita", R }, { "segnala", R }, { "mi piace", A },
	{ "consiglia", A }, { "link permanente", A },
	{ "questo", F },
	{ "offensiv", M }, { "regole", M },
	/* Dutch */
	{ "jouw mening", L }, { "uw mening", L }, { "praat mee", L },
	{ "discussie", L },
	{ "wees de eerste*reageren", E }, { "wees de eerste*reactie", E },
	{ "nog geen reacties", E }, { "er zijn nog geen reacties", E },
	{ "reacties*gesloten", E }, { "reageren*gesloten", E },
	{ "reageer", R }, { "beantwoorden", R }, { "antwoorden", R },
	{ "citeren", R }, { "rapporteren", R }, { "vind ik leuk", A },
	{ "aanbevelen", A },
	{ "dit", F }, { "deze", F }, { "misbruik", F },
	{ "gemodereerd", M }, { "beledigend", M }, { "huisregels", M },
	/* Portuguese */
	{ "sua opinião", L }, { "dê sua opinião", L }, { "opine", L },
	{ "discussão", L },
	{ "seja o primeiro*comentar", E }, { "nenhum comentário", E },
	{ "ainda não há comentários", E }, { "não há comentários", E },
	{ "comentários*encerrados", E }, { "comentários*fechados", E },
	{ "comentários*desativados", E },
	{ "curtir", A }, { "regras", M },
	/* Russian */
	{ "ваше мнение", L }, { "мнения читателей", L }, { "обсуждение", L },
	{ "будьте первым", E }, { "комментариев пока нет", E },
	{ "комментариев нет", E }, { "нет комментариев", E },
	{ "комментарии закрыты", E }, { "комментирование закрыто", E },
	{ "комментарии отключены", E },
	{ "ответить", R }, { "цитировать", R }, { "цитата", R },
	{ "пожаловаться", R }, { "нравится", A }, { "рекомендовать", A },
	{ "этот", F }, { "спам", F },
	{ "модер", M }, { "оскорб", M }, { "правил", M },
};
const size_t extract_nthread_phrases = NELEM(extract_thread_phrases);

#undef L
#undef E
#undef R
#undef A
#undef F
#undef M

const char *const extract_thread_stems[] = {
	"comment", "coment", "komment", "koment", "reactie", "réaction",
	"reacción", "reaccion", "responses", "replies", "комментар", "отзыв",
};
const size_t extract_nthread_stems = NELEM(extract_thread_stems);

const char *const extract_positive_words[] = {
	"article", "articlebody", "body", "content", "entry", "hentry",
	"main", "page", "post", "text", "blog", "story", "prose",
};
const size_t extract_npositive_words = NELEM(extract_positive_words);

const char *const extract_negative_words[] = {
	"banner", "combx", "comment", "comments", "com", "contact",
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

const char *const extract_ignored_prefixes[] = {
	"tag-", "category-", "format-", "status-", "type-", "postid-",
	"has-", "is-", "with-", "no-", "single-",
};
const size_t extract_nignored_prefixes = NELEM(extract_ignored_prefixes);

const struct extract_class_word extract_logo_words[] = {
	{ "logo", EXTRACT_PART }, { "brand", EXTRACT_PART },
	{ "masthead", EXTRACT_PART }, { "banner", EXTRACT_PART },
	{ "site-title", EXTRACT_TOKEN }, { "site-name", EXTRACT_TOKEN },
	{ "sitename", EXTRACT_TOKEN }, { "blog-title", EXTRACT_TOKEN },
	{ "blog-name", EXTRACT_TOKEN }, { "blogname", EXTRACT_TOKEN },
};
const size_t extract_nlogo_words = NELEM(extract_logo_words);

const struct extract_class_word extract_heading_words[] = {
	{ "title", EXTRACT_PART }, { "heading", EXTRACT_PART },
};
const size_t extract_nheading_words = NELEM(extract_heading_words);

/* A part matches "post-author", "author-name", "text__author" too. */
const struct extract_class_word extract_byline_words[] = {
	{ "byline", EXTRACT_PART }, { "author", EXTRACT_PART },
	{ "authors", EXTRACT_PART }, { "writer", EXTRACT_TOKEN },
	{ "contributor", EXTRACT_TOKEN }, { "posted-by", EXTRACT_TOKEN },
};
const size_t extract_nbyline_words = NELEM(extract_byline_words);

const struct extract_class_word extract_byline_not_words[] = {
	{ "description", EXTRACT_PART }, { "desc", EXTRACT_PART },
	{ "bio", EXTRACT_PART }, { "biography", EXTRACT_PART },
	{ "image", EXTRACT_PART }, { "img", EXTRACT_PART },
	{ "avatar", EXTRACT_PART }, { "photo", EXTRACT_PART },
	{ "picture", EXTRACT_PART }, { "about", EXTRACT_PART },
	{ "role", EXTRACT_PART }, { "job", EXTRACT_PART },
	{ "title", EXTRACT_PART }, { "position", EXTRACT_PART },
	{ "social", EXTRACT_PART }, { "quote", EXTRACT_PART },
	{ "testimonial", EXTRACT_PART }, { "review", EXTRACT_PART },
	{ "comment", EXTRACT_PART }, { "label", EXTRACT_PART },
};
const size_t extract_nbyline_not_words = NELEM(extract_byline_not_words);

const struct extract_class_word extract_headline_classes[] = {
	{ "headline", EXTRACT_PART }, { "entry-title", EXTRACT_TOKEN },
	{ "post-title", EXTRACT_TOKEN }, { "article-title", EXTRACT_TOKEN },
	{ "page-title", EXTRACT_TOKEN }, { "story-title", EXTRACT_TOKEN },
	{ "entry-heading", EXTRACT_TOKEN }, { "post-heading", EXTRACT_TOKEN },
	{ "article-heading", EXTRACT_TOKEN }, { "title", EXTRACT_TOKEN },
};
const size_t extract_nheadline_classes = NELEM(extract_headline_classes);

const struct extract_class_word extract_date_classes[] = {
	{ "date", EXTRACT_PART }, { "published", EXTRACT_PART },
	{ "publish", EXTRACT_PART }, { "posted", EXTRACT_PART },
	{ "pubdate", EXTRACT_PART }, { "timestamp", EXTRACT_PART },
	{ "dateline", EXTRACT_PART }, { "time", EXTRACT_TOKEN },
	{ "datetime", EXTRACT_PART }, { "dates", EXTRACT_PART },
};
const size_t extract_ndate_classes = NELEM(extract_date_classes);

const struct extract_class_word extract_modified_words[] = {
	{ "updated", EXTRACT_PART }, { "modified", EXTRACT_PART },
	{ "update", EXTRACT_PART }, { "lastmod", EXTRACT_PART },
};
const size_t extract_nmodified_words = NELEM(extract_modified_words);

const char *const extract_block_tags[] = {
	"address", "article", "aside", "blockquote", "dd", "details", "div",
	"dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li",
	"main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
	"tfoot", "th", "thead", "tr", "ul", "center", "summary",
};
const size_t extract_nblock_tags = NELEM(extract_block_tags);

const char *const extract_div_to_p_tags[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
	"section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
	"main", "header", "footer", "aside", "nav", "form", "details",
	"fieldset", "address", "hgroup",
};
const size_t extract_ndiv_to_p_tags = NELEM(extract_div_to_p_tags);

const char *const extract_conditional_tags[] = {
	"div", "section", "ul", "ol", "table", "aside", "dl", "header",
	"footer", "form", "center",
};
const size_t extract_nconditional_tags = NELEM(extract_conditional_tags);

const char *const extract_container_tags[] = {
	"div", "section", "aside", "ul", "ol", "form", "header", "footer",
	"article", "p", "center", "b", "i", "strong", "span",
};
const size_t extract_ncontainer_tags = NELEM(extract_container_tags);

const char *const extract_line_tags[] = {
	"span", "label", "small", "b", "strong",
};
const size_t extract_nline_tags = NELEM(extract_line_tags);

const char *const extract_inline_tags[] = {
	"em", "strong", "b", "i", "code",
};
const size_t extract_ninline_tags = NELEM(extract_inline_tags);

/* Readability's: containers of prose up, lists and headings down. */
const struct extract_tag_score extract_tag_scores[] = {
	{ "div", 5 }, { "article", 5 },
	{ "pre", 3 }, { "td", 3 }, { "blockquote", 3 },
	{ "address", -3 }, { "ol", -3 }, { "ul", -3 }, { "dl", -3 },
	{ "dd", -3 }, { "dt", -3 }, { "li", -3 }, { "form", -3 },
	{ "h1", -5 }, { "h2", -5 }, { "h3", -5 }, { "h4", -5 }, { "h5", -5 },
	{ "h6", -5 }, { "th", -5 },
};
const size_t extract_ntag_scores = NELEM(extract_tag_scores);

/* Earlier rows win within a field (a page often gives several). */
const struct extract_meta_name extract_meta_names[] = {
	{ "og:title", EXTRACT_META_TITLE },
	{ "twitter:title", EXTRACT_META_TW_TITLE },
	{ "og:site_name", EXTRACT_META_SITE },
	{ "application-name", EXTRACT_META_APP_NAME },
	{ "og:image", EXTRACT_META_IMAGE },
	{ "og:description", EXTRACT_META_OG_DESCRIPTION },
	{ "description", EXTRACT_META_DESCRIPTION },
	{ "og:url", EXTRACT_META_URL },
	{ "author", EXTRACT_META_AUTHOR },
	{ "article:author", EXTRACT_META_AUTHOR },
	{ "og:article:author", EXTRACT_META_AUTHOR },
	{ "dc.creator", EXTRACT_META_AUTHOR },
	{ "dcterms.creator", EXTRACT_META_AUTHOR },
	{ "sailthru.author", EXTRACT_META_AUTHOR },
	{ "parsely-author", EXTRACT_META_AUTHOR },
	{ "citation_author", EXTRACT_META_AUTHOR },
	{ "citation_authors", EXTRACT_META_AUTHOR },
	{ "byl", EXTRACT_META_AUTHOR },
	{ "article:published_time", EXTRACT_META_PUBLISHED },
	{ "og:article:published_time", EXTRACT_META_PUBLISHED },
	{ "og:published_time", EXTRACT_META_PUBLISHED },
	{ "datePublished", EXTRACT_META_PUBLISHED },
	{ "article:published", EXTRACT_META_PUBLISHED },
	{ "article.published", EXTRACT_META_PUBLISHED },
	{ "date_published", EXTRACT_META_PUBLISHED },
	{ "publication_date", EXTRACT_META_PUBLISHED },
	{ "published", EXTRACT_META_PUBLISHED },
	{ "published_time", EXTRACT_META_PUBLISHED },
	{ "publish-date", EXTRACT_META_PUBLISHED },
	{ "publish_date", EXTRACT_META_PUBLISHED },
	{ "publishdate", EXTRACT_META_PUBLISHED },
	{ "pubdate", EXTRACT_META_PUBLISHED },
	{ "parsely-pub-date", EXTRACT_META_PUBLISHED },
	{ "sailthru.date", EXTRACT_META_PUBLISHED },
	{ "citation_publication_date", EXTRACT_META_PUBLISHED },
	{ "citation_online_date", EXTRACT_META_PUBLISHED },
	{ "citation_date", EXTRACT_META_PUBLISHED },
	{ "dc.date.issued", EXTRACT_META_PUBLISHED },
	{ "dcterms.issued", EXTRACT_META_PUBLISHED },
	{ "dc.date.created", EXTRACT_META_PUBLISHED },
	{ "dcterms.created", EXTRACT_META_PUBLISHED },
	{ "dc.date", EXTRACT_META_PUBLISHED },
	{ "dcterms.date", EXTRACT_META_PUBLISHED },
	{ "date", EXTRACT_META_PUBLISHED },
	{ "article:modified_time", EXTRACT_META_MODIFIED },
	{ "og:article:modified_time", EXTRACT_META_MODIFIED },
	{ "dateModified", EXTRACT_META_MODIFIED },
	{ "og:updated_time", EXTRACT_META_MODIFIED },
	{ "article.updated", EXTRACT_META_MODIFIED },
	{ "dcterms.modified", EXTRACT_META_MODIFIED },
	{ "dc.date.modified", EXTRACT_META_MODIFIED },
	{ "last-modified", EXTRACT_META_MODIFIED },
};
const size_t extract_nmeta_names = NELEM(extract_meta_names);

const char *const extract_meta_published_stems[] = { "publish", "pubdate",
	"issued" };
const size_t extract_nmeta_published_stems =
    NELEM(extract_meta_published_stems);
const char *const extract_meta_modified_stems[] = { "modif", "updat",
	"lastmod", "revised" };
const size_t extract_nmeta_modified_stems =
    NELEM(extract_meta_modified_stems);

const char *const extract_site_seps[] = {
	" | ", " - ", " \xe2\x80\x94 ", " \xe2\x80\x93 ", " :: ",
	" \xc2\xbb ", " \xc2\xab ", " \xc2\xb7 ", " \xe2\x80\xa2 ", " / ",
};
const size_t extract_nsite_seps = NELEM(extract_site_seps);

const char *const extract_title_seps[] = {
	"|", ":", "-", "\xe2\x80\x94", "\xe2\x80\x93", "\xc2\xbb", "\xc2\xab",
	"\xc2\xb7", "\xe2\x80\xa2", "/", "::",
};
const size_t extract_ntitle_seps = NELEM(extract_title_seps);

/*
 * English, French, German, Spanish, Italian, Portuguese, Dutch, the
 * Scandinavian languages, Polish, Czech, Russian, Ukrainian, Turkish,
 * Romanian, Hungarian, Finnish and Indonesian: full names (genitive where
 * dates use it: "2 grudnia", "2 декабря") and abbreviations.
 */
const struct extract_month extract_months[] = {
	{ "january", 1 }, { "jan", 1 }, { "janvier", 1 }, { "janv", 1 },
	{ "januar", 1 }, { "jänner", 1 }, { "jän", 1 }, { "enero", 1 },
	{ "ene", 1 }, { "gennaio", 1 }, { "gen", 1 }, { "janeiro", 1 },
	{ "januari", 1 }, { "stycznia", 1 }, { "styczeń", 1 }, { "ledna", 1 },
	{ "leden", 1 }, { "января", 1 }, { "январь", 1 }, { "січня", 1 },
	{ "ocak", 1 }, { "ianuarie", 1 }, { "január", 1 }, { "tammikuuta", 1 },
	{ "february", 2 }, { "feb", 2 }, { "février", 2 }, { "fevrier", 2 },
	{ "févr", 2 }, { "fevr", 2 }, { "februar", 2 }, { "febrero", 2 },
	{ "febbraio", 2 }, { "fevereiro", 2 }, { "fev", 2 }, { "februari", 2 },
	{ "lutego", 2 }, { "luty", 2 }, { "února", 2 }, { "únor", 2 },
	{ "февраля", 2 }, { "февраль", 2 }, { "лютого", 2 }, { "şubat", 2 },
	{ "subat", 2 }, { "februarie", 2 }, { "február", 2 },
	{ "helmikuuta", 2 }, { "march", 3 }, { "mar", 3 }, { "mars", 3 },
	{ "märz", 3 }, { "maerz", 3 }, { "mär", 3 }, { "marzo", 3 },
	{ "março", 3 }, { "marco", 3 }, { "maart", 3 }, { "mrt", 3 },
	{ "marca", 3 }, { "marzec", 3 }, { "března", 3 }, { "březen", 3 },
	{ "марта", 3 }, { "март", 3 }, { "березня", 3 }, { "mart", 3 },
	{ "martie", 3 }, { "március", 3 }, { "maaliskuuta", 3 },
	{ "maret", 3 }, { "april", 4 }, { "apr", 4 }, { "avril", 4 },
	{ "avr", 4 }, { "abril", 4 }, { "abr", 4 }, { "aprile", 4 },
	{ "kwietnia", 4 }, { "kwiecień", 4 }, { "dubna", 4 }, { "duben", 4 },
	{ "апреля", 4 }, { "апрель", 4 }, { "квітня", 4 }, { "nisan", 4 },
	{ "aprilie", 4 }, { "április", 4 }, { "huhtikuuta", 4 }, { "may", 5 },
	{ "mai", 5 }, { "mayo", 5 }, { "maggio", 5 }, { "mag", 5 },
	{ "maio", 5 }, { "mei", 5 }, { "maj", 5 }, { "maja", 5 },
	{ "května", 5 }, { "květen", 5 }, { "мая", 5 }, { "май", 5 },
	{ "травня", 5 }, { "mayıs", 5 }, { "mayis", 5 }, { "május", 5 },
	{ "toukokuuta", 5 }, { "june", 6 }, { "jun", 6 }, { "juin", 6 },
	{ "juni", 6 }, { "junio", 6 }, { "giugno", 6 }, { "giu", 6 },
	{ "junho", 6 }, { "czerwca", 6 }, { "czerwiec", 6 }, { "června", 6 },
	{ "červen", 6 }, { "июня", 6 }, { "июнь", 6 }, { "червня", 6 },
	{ "haziran", 6 }, { "iunie", 6 }, { "június", 6 }, { "kesäkuuta", 6 },
	{ "july", 7 }, { "jul", 7 }, { "juillet", 7 }, { "juil", 7 },
	{ "juli", 7 }, { "julio", 7 }, { "luglio", 7 }, { "lug", 7 },
	{ "julho", 7 }, { "lipca", 7 }, { "lipiec", 7 }, { "července", 7 },
	{ "červenec", 7 }, { "июля", 7 }, { "июль", 7 }, { "липня", 7 },
	{ "temmuz", 7 }, { "iulie", 7 }, { "július", 7 }, { "heinäkuuta", 7 },
	{ "august", 8 }, { "aug", 8 }, { "août", 8 }, { "aout", 8 },
	{ "agosto", 8 }, { "ago", 8 }, { "augustus", 8 }, { "augusti", 8 },
	{ "sierpnia", 8 }, { "sierpień", 8 }, { "srpna", 8 }, { "srpen", 8 },
	{ "августа", 8 }, { "август", 8 }, { "серпня", 8 }, { "ağustos", 8 },
	{ "agustos", 8 }, { "augusztus", 8 }, { "elokuuta", 8 },
	{ "agustus", 8 }, { "september", 9 }, { "sep", 9 }, { "sept", 9 },
	{ "septembre", 9 }, { "septiembre", 9 }, { "setiembre", 9 },
	{ "settembre", 9 }, { "set", 9 }, { "setembro", 9 }, { "września", 9 },
	{ "wrzesień", 9 }, { "září", 9 }, { "сентября", 9 }, { "сентябрь", 9 },
	{ "вересня", 9 }, { "eylül", 9 }, { "eylul", 9 }, { "septembrie", 9 },
	{ "szeptember", 9 }, { "syyskuuta", 9 }, { "october", 10 },
	{ "oct", 10 }, { "octobre", 10 }, { "oktober", 10 }, { "okt", 10 },
	{ "octubre", 10 }, { "ottobre", 10 }, { "ott", 10 }, { "outubro", 10 },
	{ "out", 10 }, { "października", 10 }, { "październik", 10 },
	{ "října", 10 }, { "říjen", 10 }, { "октября", 10 }, { "октябрь", 10 },
	{ "жовтня", 10 }, { "ekim", 10 }, { "octombrie", 10 },
	{ "október", 10 }, { "lokakuuta", 10 }, { "november", 11 },
	{ "nov", 11 }, { "novembre", 11 }, { "noviembre", 11 },
	{ "novembro", 11 }, { "listopada", 11 }, { "listopad", 11 },
	{ "listopadu", 11 }, { "ноября", 11 }, { "ноябрь", 11 },
	{ "листопада", 11 }, { "kasım", 11 }, { "kasim", 11 },
	{ "noiembrie", 11 }, { "marraskuuta", 11 }, { "december", 12 },
	{ "dec", 12 }, { "décembre", 12 }, { "decembre", 12 }, { "déc", 12 },
	{ "dezember", 12 }, { "dez", 12 }, { "diciembre", 12 }, { "dic", 12 },
	{ "dicembre", 12 }, { "dezembro", 12 }, { "desember", 12 },
	{ "des", 12 }, { "grudnia", 12 }, { "grudzień", 12 },
	{ "prosince", 12 }, { "prosinec", 12 }, { "декабря", 12 },
	{ "декабрь", 12 }, { "грудня", 12 }, { "aralık", 12 },
	{ "aralik", 12 }, { "decembrie", 12 }, { "joulukuuta", 12 },
};
const size_t extract_nmonths = NELEM(extract_months);

const char *const extract_date_fillers[] = {
	"de", "del", "of", "the", "den", "der", "le", "el", "di", "do", "da",
	"em", "年", "月", "日", "년", "월", "일",
};
const size_t extract_ndate_fillers = NELEM(extract_date_fillers);

/* Longest first: "written by" before "by". */
const char *const extract_byline_prefixes[] = {
	"written by", "authored by", "posted by", "published by", "story by",
	"words by",
	"text by", "reporting by", "article by", "posted on", "by",
	"geschrieben von", "von", "texte de", "par", "escrito por", "por",
	"scritto da", "di", "door", "av", "af", "przez", "autorin", "autor",
	"authors", "author", "auteure", "auteur", "autore", "text", "texte",
	"texto", "автор",
};
const size_t extract_nbyline_prefixes = NELEM(extract_byline_prefixes);

const char *const extract_not_author_prefixes[] = {
	"reviewed by", "medically reviewed by", "fact checked by",
	"fact-checked by", "edited by", "photos by", "photo by",
	"photography by", "illustration by", "illustrations by", "video by",
	"produced by", "translated by", "sponsored by", "presented by",
	"powered by", "in partnership with",
};
const size_t extract_nnot_author_prefixes =
    NELEM(extract_not_author_prefixes);

const char *const extract_generic_names[] = {
	"staff", "admin", "administrator", "author", "authors", "editor",
	"editors", "editorial", "team", "the", "by", "and", "name", "writer",
	"writers", "contributor", "contributors", "guest", "news", "desk",
	"newsroom", "unknown", "anonymous", "user", "webmaster", "written",
	"posted", "published", "wire", "redaktion", "rédaction", "redacción",
	"redazione", "redactie", "redakcja", "equipe", "équipe", "of", "our",
	"member", "members", "more", "all", "posts", "view", "profile",
	"about", "follow", "read", "bio", "link", "home", "marketing", "this",
	"article", "updated", "last", "modified", "text", "full", "size",
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday",
};
const size_t extract_ngeneric_names = NELEM(extract_generic_names);

const char *const extract_team_names[] = {
	"team", "staff", "admin", "editors", "editorial", "desk", "newsroom",
	"contributor", "redaktion", "rédaction", "redazione",
};
const size_t extract_nteam_names = NELEM(extract_team_names);

const char *const extract_modified_labels[] = {
	"updated", "last updated", "modified", "last modified", "revised",
	"aktualisiert", "mis à jour", "actualizado", "aggiornato",
	"atualizado", "bijgewerkt", "uppdaterad", "oppdatert", "opdateret",
	"zaktualizowano",
};
const size_t extract_nmodified_labels = NELEM(extract_modified_labels);

const char *const extract_published_labels[] = {
	"published", "posted", "first published", "originally published",
	"publié", "publiée", "veröffentlicht", "publicado", "publicada",
	"pubblicato", "gepubliceerd", "publicerad", "publisert", "opublikowano",
};
const size_t extract_npublished_labels = NELEM(extract_published_labels);

const char *const extract_first_published_phrases[] = {
	"originally published", "first published", "initialement publié",
	"publié initialement", "ursprünglich veröffentlicht",
	"erstmals veröffentlicht", "publicado originalmente",
	"originalmente publicado", "originariamente pubblicato",
	"oorspronkelijk gepubliceerd", "ursprungligen publicerad",
};
const size_t extract_nfirst_published_phrases =
    NELEM(extract_first_published_phrases);
_Static_assert(NELEM(extract_first_published_phrases) <= 32,
    "first_phrase keeps the phrases in a 32-bit mask");

const struct extract_charset_alias extract_charset_aliases[] = {
	{ "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
	{ "utf-16", "utf-8" }, { "utf-16le", "utf-8" },
	{ "utf-16be", "utf-8" },
	{ "iso-8859-1", "windows-1252" }, { "iso8859-1", "windows-1252" },
	{ "latin1", "windows-1252" }, { "l1", "windows-1252" },
	{ "us-ascii", "windows-1252" }, { "ascii", "windows-1252" },
	{ "cp1252", "windows-1252" }, { "x-cp1252", "windows-1252" },
	{ "iso_8859-1", "windows-1252" },
	{ "sjis", "shift_jis" }, { "shift-jis", "shift_jis" },
	{ "x-sjis", "shift_jis" }, { "ms_kanji", "shift_jis" },
	{ "gb2312", "gbk" }, { "x-gbk", "gbk" },
};
const size_t extract_ncharset_aliases = NELEM(extract_charset_aliases);
