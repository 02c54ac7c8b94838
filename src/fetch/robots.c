#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "xalloc.h"

/* One Allow or Disallow line of the group that applies to us. */
struct robots_rule {
	char *pattern;
	bool allow;
};

struct robots_site {
	char *origin;
	struct robots_rule *rules;
	size_t nrules;
};

struct fetch_robots {
	struct robots_site *sites;
	size_t nsites;
};

struct fetch_robots *
fetch_robots_new(void)
{
	return xcalloc(1, sizeof(struct fetch_robots));
}

void
fetch_robots_free(struct fetch_robots *r)
{
	size_t i, k;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsites; i++) {
		for (k = 0; k < r->sites[i].nrules; k++)
			free(r->sites[i].rules[k].pattern);
		free(r->sites[i].rules);
		free(r->sites[i].origin);
	}
	free(r->sites);
	free(r);
}

/* Whether a User-agent value names us ("clipseal", "ClipSeal/1.0"). */
static int
agent_match(const char *v, size_t n)
{
	if (n == 1 && v[0] == '*')
		return 1;
	if (n >= 8 && strncasecmp(v, "clipseal", 8) == 0 &&
	    (n == 8 || v[8] == '/' || v[8] == ' '))
		return 2;
	return 0;
}

static void
add_rule(struct robots_rule **rules, size_t *n, const char *v, size_t len,
    bool allow)
{
	*rules = xrealloc(*rules, (*n + 1) * sizeof(**rules));
	(*rules)[*n].pattern = xstrndup(v, len);
	(*rules)[*n].allow = allow;
	(*n)++;
}

/*
 * Parses robots.txt (RFC 9309) into the rules of the groups for clipseal,
 * or for "*" when no group names clipseal.  Consecutive User-agent lines
 * open one group; unknown lines are ignored.
 */
static void
robots_parse(struct robots_site *site, const char *text, size_t len)
{
	struct robots_rule *star = NULL, *ours = NULL;
	size_t nstar = 0, nours = 0, i;
	const char *p = text, *end = text + len, *eol, *colon, *k, *ke, *v, *ve;
	bool in_agents = false, for_star = false, for_us = false;
	bool have_ours = false;
	int m;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		ve = memchr(p, '#', (size_t)(eol - p));
		if (ve == NULL)
			ve = eol;
		colon = memchr(p, ':', (size_t)(ve - p));
		if (colon == NULL) {
			p = eol < end ? eol + 1 : end;
			continue;
		}
		for (k = p; k < colon && fetch_is_space(*k); k++)
			;
		for (ke = colon; ke > k && fetch_is_space(ke[-1]); ke--)
			;
		for (v = colon + 1; v < ve && fetch_is_space(*v); v++)
			;
		while (ve > v && fetch_is_space(ve[-1]))
			ve--;
		if ((size_t)(ke - k) == 10 && strncasecmp(k, "user-agent",
		    10) == 0) {
			if (!in_agents)
				for_star = for_us = false;
			in_agents = true;
			m = agent_match(v, (size_t)(ve - v));
			if (m == 1)
				for_star = true;
			if (m == 2)
				for_us = have_ours = true;
		} else if (((size_t)(ke - k) == 5 && strncasecmp(k, "allow",
		    5) == 0) || ((size_t)(ke - k) == 8 &&
		    strncasecmp(k, "disallow", 8) == 0)) {
			in_agents = false;
			/* An empty pattern matches nothing. */
			if (ve > v && for_us)
				add_rule(&ours, &nours, v, (size_t)(ve - v),
				    ke - k == 5);
			if (ve > v && for_star)
				add_rule(&star, &nstar, v, (size_t)(ve - v),
				    ke - k == 5);
		} else if ((size_t)(ke - k) != 7 ||
		    strncasecmp(k, "sitemap", 7) != 0) {
			in_agents = false;
		}
		p = eol < end ? eol + 1 : end;
	}
	if (have_ours) {
		site->rules = ours;
		site->nrules = nours;
		for (i = 0; i < nstar; i++)
			free(star[i].pattern);
		free(star);
	} else {
		site->rules = star;
		site->nrules = nstar;
		for (i = 0; i < nours; i++)
			free(ours[i].pattern);
		free(ours);
	}
}

/* Pattern match: "*" any run, a final "$" the end, else a prefix. */
static bool
rule_matches(const char *pat, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	for (;;) {
		if (*pat == '\0')
			return true;
		if (*pat == '$' && pat[1] == '\0') {
			if (*s == '\0')
				return true;
		} else if (*pat == '*') {
			star_p = ++pat;
			star_s = s;
			continue;
		} else if (*s != '\0' && *pat == *s) {
			pat++;
			s++;
			continue;
		}
		if (star_p == NULL || *star_s == '\0')
			return false;
		pat = star_p;
		s = ++star_s;
	}
}

static bool
site_allows(const struct robots_site *site, const char *path)
{
	size_t i, best = 0, len;
	bool allow = true, found = false;

	if (strcmp(path, "/robots.txt") == 0)
		return true;
	for (i = 0; i < site->nrules; i++) {
		if (!rule_matches(site->rules[i].pattern, path))
			continue;
		len = strlen(site->rules[i].pattern);
		if (!found || len > best ||
		    (len == best && site->rules[i].allow)) {
			allow = site->rules[i].allow;
			best = len;
			found = true;
		}
	}
	return allow;
}

static struct robots_site *
find_site(struct fetch_robots *r, const char *origin)
{
	size_t i;

	for (i = 0; i < r->nsites; i++)
		if (strcmp(r->sites[i].origin, origin) == 0)
			return &r->sites[i];
	return NULL;
}

static struct robots_site *
new_site(struct fetch_robots *r, const char *origin)
{
	struct robots_site *s;

	r->sites = xrealloc(r->sites, (r->nsites + 1) * sizeof(*r->sites));
	s = &r->sites[r->nsites++];
	memset(s, 0, sizeof(*s));
	s->origin = xstrdup(origin);
	return s;
}

/* Origin ("scheme://host:port") and "/path?query" of url. */
static int
robots_split(const char *url, char **origin, char **path)
{
	CURLU *u = curl_url();
	char *p = NULL, *q = NULL;
	int rc = -1;

	*origin = *path = NULL;
	if (u == NULL || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK)
		goto out;
	*origin = fetch_url_origin(u);
	if (*origin == NULL)
		goto out;
	curl_url_get(u, CURLUPART_PATH, &p, 0);
	curl_url_get(u, CURLUPART_QUERY, &q, 0);
	*path = xasprintf("%s%s%s", p && *p ? p : "/", q ? "?" : "",
	    q ? q : "");
	rc = 0;
out:
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	return rc;
}

char *
fetch_robots_origin(const char *url)
{
	char *origin, *path;

	if (robots_split(url, &origin, &path) < 0) {
		free(origin);
		return NULL;
	}
	free(path);
	return origin;
}

/* The site of origin with no rules yet: new, or emptied. */
static struct robots_site *
fresh_site(struct fetch_robots *r, const char *origin)
{
	struct robots_site *s = find_site(r, origin);
	size_t i;

	if (s == NULL)
		return new_site(r, origin);
	for (i = 0; i < s->nrules; i++)
		free(s->rules[i].pattern);
	free(s->rules);
	s->rules = NULL;
	s->nrules = 0;
	return s;
}

void
fetch_robots_set(struct fetch_robots *r, const char *url, const char *text,
    size_t len)
{
	char *origin = fetch_robots_origin(url);

	if (origin == NULL)
		return;
	robots_parse(fresh_site(r, origin), text, len);
	free(origin);
}

bool
fetch_robots_known(struct fetch_robots *r, const char *origin)
{
	return find_site(r, origin) != NULL;
}

/*
 * robots.txt is fetched once, never retried (a broken one allows all),
 * capped, and without the validators of the page that asked for it.
 */
char *
fetch_robots_fetch(const char *origin, const struct fetch_opts *o,
    struct fetch_opts *ro)
{
	*ro = *o;
	ro->retries = 0;
	if (ro->max_bytes > FETCH_ROBOTS_MAX_BYTES)
		ro->max_bytes = FETCH_ROBOTS_MAX_BYTES;
	ro->if_none_match = NULL;
	ro->if_modified_since = NULL;
	return xasprintf("%s/robots.txt", origin);
}

void
fetch_robots_store(struct fetch_robots *r, const char *origin,
    const struct page *p)
{
	struct robots_site *s = fresh_site(r, origin);

	/* Unreachable, 4xx, 5xx: no rules, everything allowed. */
	if (p != NULL && p->status >= 200 && p->status <= 299)
		robots_parse(s, p->body, p->body_len);
}

int
fetch_robots_check(struct fetch_robots *r, const char *url,
    struct error *err)
{
	struct robots_site *s;
	char *origin = NULL, *path = NULL, *shown;
	int rc = 0;

	if (robots_split(url, &origin, &path) < 0)
		goto out;
	s = find_site(r, origin);
	if (s != NULL && !site_allows(s, path)) {
		shown = fetch_shown_url(url);
		rc = error_set(err, RC_NET, "%s: disallowed by robots.txt",
		    shown);
		free(shown);
	}
out:
	free(origin);
	free(path);
	return rc;
}

int
fetch_robots_allowed(struct fetch_robots *r, const char *url,
    const struct fetch_opts *o, struct error *err)
{
	struct fetch_opts ro;
	struct page p;
	struct error ignored;
	char *origin = fetch_robots_origin(url), *robots;
	int got;

	if (origin != NULL && !fetch_robots_known(r, origin)) {
		robots = fetch_robots_fetch(origin, o, &ro);
		got = fetch_one(robots, &ro, KIND_ROBOTS, NULL, &p, &ignored);
		fetch_robots_store(r, origin, got == 0 ? &p : NULL);
		fetch_release(&p);
		free(robots);
	}
	free(origin);
	return fetch_robots_check(r, url, err);
}
