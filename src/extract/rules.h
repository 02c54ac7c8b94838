/*
 * rules: the data tables behind extract's chrome removal and content
 * scoring.  Private to src/extract/; adding a rule means adding a row in
 * rules.c, not code elsewhere.
 */
#ifndef CLIPSEAL_EXTRACT_RULES_H
#define CLIPSEAL_EXTRACT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

/* How a class/id word matches: a whole token, or a part split on - and _. */
enum extract_match {
	EXTRACT_TOKEN,
	EXTRACT_PART
};

struct extract_word_rule {
	const char *word;	/* lower case */
	enum extract_match match;
	enum chrome_kind kind;
};

/* Elements removed by name; outside_only: only outside the article. */
struct extract_tag_rule {
	const char *tag;
	enum chrome_kind kind;
	bool outside_only;
	bool log;		/* false: dropped silently (script, style...) */
};

struct extract_role_rule {
	const char *role;
	enum chrome_kind kind;
};

/*
 * A chrome heading or text line, compared after lower-casing and dropping
 * digits and punctuation; prefix: the text may go on after the phrase.
 */
struct extract_phrase_rule {
	const char *text;
	enum chrome_kind kind;
	bool prefix;
};

/* Where a line rule's text must sit in a block's text. */
enum extract_line_at {
	EXTRACT_LINE_WHOLE,
	EXTRACT_LINE_PREFIX,
	EXTRACT_LINE_SUFFIX,
	EXTRACT_LINE_SENTENCE,	/* opens the block or one of its sentences */
	EXTRACT_LINE_PARTS	/* "a*b": a, then later b, anywhere */
};

/*
 * A boilerplate line inside the article (a photo credit, a sign-up promo,
 * a copyright notice), compared with a block's text after folding white
 * space and lower-casing ASCII; punctuation is kept, so "photo:" is not
 * "photos of".  Only blocks of at most max_words words match.
 */
struct extract_line_rule {
	const char *text;
	enum extract_line_at at;
	unsigned max_words;
	enum chrome_kind kind;
};

/* What a word does in a date line. */
enum extract_date_role {
	EXTRACT_DATE_WORD,	/* "march", "tuesday", "at", "a" (of a.m.) */
	EXTRACT_DATE_AGO,	/* "ago": "3 hours ago" */
	EXTRACT_DATE_LEAD	/* opens a timestamp line: "updated" */
};

/*
 * Words a date or timestamp line is made of besides numbers ("Updated
 * 3:45 PM ET, Tuesday, Nov. 19, 2019", "sexta-feira, 22 de outubro de
 * 2010 às 20:13"), in the languages of the corpus.
 */
struct extract_date_word {
	const char *word;	/* lower case */
	enum extract_date_role role;
};

extern const struct extract_word_rule extract_word_rules[];
extern const size_t extract_nword_rules;
extern const struct extract_tag_rule extract_tag_rules[];
extern const size_t extract_ntag_rules;
extern const struct extract_role_rule extract_role_rules[];
extern const size_t extract_nrole_rules;
extern const struct extract_phrase_rule extract_phrase_rules[];
extern const size_t extract_nphrase_rules;

extern const struct extract_line_rule extract_line_rules[];
extern const size_t extract_nline_rules;
extern const struct extract_date_word extract_date_words[];
extern const size_t extract_ndate_words;

/*
 * A photo credit closing a caption or paragraph ("... (Image: GETTY)",
 * "... Photograph: Jo Bloggs/Getty Images"), trimmed while the text before
 * it stays.  Leads open a credit, in brackets or as the last sentence;
 * sources end a bracketed credit in a caption ("(Jo Bloggs / Reuters)").
 * Lower case.
 */
extern const char *const extract_credit_leads[];
extern const size_t extract_ncredit_leads;
extern const char *const extract_credit_sources[];
extern const size_t extract_ncredit_sources;

/*
 * What a short line says about a thread of readers' contributions
 * (thread.c), compared as the phrase rules are (lower case, no digits or
 * punctuation).  A lead opens the line ("have your say"); a placeholder
 * stands anywhere in it and is there only while the thread is empty or
 * closed ("be the first to comment"); a line of links on one item is made
 * of actions, the answering kind among them ("reply", "quote", "report")
 * or not ("like", "permalink"), and fillers ("report this post"); a
 * moderation word makes a line that also names the thread a notice
 * ("comments are moderated").
 */
enum extract_thread_role {
	EXTRACT_THREAD_LEAD,
	EXTRACT_THREAD_PLACEHOLDER,
	EXTRACT_THREAD_REPLY,
	EXTRACT_THREAD_ACTION,
	EXTRACT_THREAD_FILLER,
	EXTRACT_THREAD_MODERATION
};

struct extract_thread_phrase {
	const char *text;
	enum extract_thread_role role;
};

extern const struct extract_thread_phrase extract_thread_phrases[];
extern const size_t extract_nthread_phrases;

/*
 * Word stems that name readers' contributions in a lead or notice:
 * "comment" for "comments" and "commentaires", "kommentar", "reactie".
 */
extern const char *const extract_thread_stems[];
extern const size_t extract_nthread_stems;

/* Class/id parts that raise or lower a container's content score. */
extern const char *const extract_positive_words[];
extern const size_t extract_npositive_words;
extern const char *const extract_negative_words[];
extern const size_t extract_nnegative_words;

/*
 * Whole class/id tokens naming the article body in common CMS templates
 * ("entry-content", "post-body"): the element is scored up and never taken
 * for chrome.
 */
extern const char *const extract_body_words[];
extern const size_t extract_nbody_words;
extern const char *const extract_embed_words[];
extern const size_t extract_nembed_words;

/*
 * Class tokens that say what a post is tagged with or how it is shown
 * ("tag-comments", "category-share", "has-post-thumbnail"), never what an
 * element is: skipped by every class and id word match.  Lower case.
 */
extern const char *const extract_ignored_prefixes[];
extern const size_t extract_nignored_prefixes;

/* A class or id word and how it matches, for the rules that ask yes or no. */
struct extract_class_word {
	const char *word;	/* lower case */
	enum extract_match match;
};

/* Class or id words of an <h1> that is the site's logo, not a headline. */
extern const struct extract_class_word extract_logo_words[];
extern const size_t extract_nlogo_words;
/* Class words of a heading that is no <hN> ("entry-title"). */
extern const struct extract_class_word extract_heading_words[];
extern const size_t extract_nheading_words;
/* Class words of an element holding the byline. */
extern const struct extract_class_word extract_byline_words[];
extern const size_t extract_nbyline_words;
/* Class words of a part of the author's box that is not the name. */
extern const struct extract_class_word extract_byline_not_words[];
extern const size_t extract_nbyline_not_words;
/* Class words of an <h2>-<h6> that is the headline ("entry-title"). */
extern const struct extract_class_word extract_headline_classes[];
extern const size_t extract_nheadline_classes;
/* Class words of an element holding a date, and of one that is updated. */
extern const struct extract_class_word extract_date_classes[];
extern const size_t extract_ndate_classes;
extern const struct extract_class_word extract_modified_words[];
extern const size_t extract_nmodified_words;

/*
 * Element names.  Block elements end a paragraph; div_to_p elements inside
 * a <div> keep it from being read as one paragraph.
 */
extern const char *const extract_block_tags[];
extern const size_t extract_nblock_tags;
extern const char *const extract_div_to_p_tags[];
extern const size_t extract_ndiv_to_p_tags;
/* Containers inside the article that the conditional cleaning judges. */
extern const char *const extract_conditional_tags[];
extern const size_t extract_nconditional_tags;
/* Containers a chrome heading or line is removed with when it opens them. */
extern const char *const extract_container_tags[];
extern const size_t extract_ncontainer_tags;
/* Inline elements that may hold a chrome line standing alone. */
extern const char *const extract_line_tags[];
extern const size_t extract_nline_tags;
/* Inline markup kept in the clean HTML. */
extern const char *const extract_inline_tags[];
extern const size_t extract_ninline_tags;

/* The score an element starts with as a candidate for the article. */
struct extract_tag_score {
	const char *tag;
	int score;
};

extern const struct extract_tag_score extract_tag_scores[];
extern const size_t extract_ntag_scores;

/* Which metadata a <meta name|property|itemprop> gives. */
enum extract_meta_field {
	EXTRACT_META_TITLE,
	EXTRACT_META_TW_TITLE,
	EXTRACT_META_URL,
	EXTRACT_META_SITE,
	EXTRACT_META_APP_NAME,
	EXTRACT_META_IMAGE,
	EXTRACT_META_OG_DESCRIPTION,
	EXTRACT_META_DESCRIPTION,
	EXTRACT_META_AUTHOR,
	EXTRACT_META_PUBLISHED,
	EXTRACT_META_MODIFIED,
	EXTRACT_META_NFIELDS
};

struct extract_meta_name {
	const char *name;	/* compared ignoring ASCII case */
	enum extract_meta_field field;
};

extern const struct extract_meta_name extract_meta_names[];
extern const size_t extract_nmeta_names;

/*
 * What the name of a <meta> the table above does not know says, when its
 * content is a date: a part of the name naming publication or an update.
 */
extern const char *const extract_meta_published_stems[];
extern const size_t extract_nmeta_published_stems;
extern const char *const extract_meta_modified_stems[];
extern const size_t extract_nmeta_modified_stems;

/*
 * What separates a title from the site or section name beside it: spaced,
 * as the site name is cut off ("Headline | Site"), and bare, as the
 * headline is matched beside a name.
 */
extern const char *const extract_site_seps[];
extern const size_t extract_nsite_seps;
extern const char *const extract_title_seps[];
extern const size_t extract_ntitle_seps;

/* A month's name or abbreviation as dates write it, lower case. */
struct extract_month {
	const char *name;
	int month;		/* 1-12 */
};

extern const struct extract_month extract_months[];
extern const size_t extract_nmonths;
/*
 * Words a written date has between its parts: "2 de diciembre de 2026",
 * "2025年12月2日" (year, month and day marks of Chinese, Japanese, Korean).
 */
extern const char *const extract_date_fillers[];
extern const size_t extract_ndate_fillers;

/*
 * What a byline says before the names ("By", "Written by", "Von", "Par"),
 * and before names that are no author's ("Reviewed by", "Photos by");
 * lower case, followed by a space or a colon.
 */
extern const char *const extract_byline_prefixes[];
extern const size_t extract_nbyline_prefixes;
extern const char *const extract_not_author_prefixes[];
extern const size_t extract_nnot_author_prefixes;
/*
 * Words that name no one: a byline made only of them ("Staff", "Admin",
 * "Editorial Team", "Author") is no author.  Lower case.
 */
extern const char *const extract_generic_names[];
extern const size_t extract_ngeneric_names;
/*
 * Words of a name for a group ("Podium Staff", "The Upwork Team"): an
 * author only when the page names no one.
 */
extern const char *const extract_team_names[];
extern const size_t extract_nteam_names;
/* How a visible date says it is an update ("Updated", "Mis à jour"). */
extern const char *const extract_modified_labels[];
extern const size_t extract_nmodified_labels;
/* How it says it is the first publication ("Published", "Publié"). */
extern const char *const extract_published_labels[];
extern const size_t extract_npublished_labels;
/*
 * How a sentence says the article came out before the date the page gives
 * ("This story was originally published on 2 May 2019"), lower case.
 */
extern const char *const extract_first_published_phrases[];
extern const size_t extract_nfirst_published_phrases;

/* Charset labels and the decoder browsers use for them (lower case). */
struct extract_charset_alias {
	const char *label;
	const char *charset;
};

extern const struct extract_charset_alias extract_charset_aliases[];
extern const size_t extract_ncharset_aliases;

#endif
