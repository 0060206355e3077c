/* Alliance Atlas: two adjustments to Material's search, made around its search worker, which runs
   unchanged (loaded before Material's bundle by overrides/main.html).

   1. Stop words ("the", "to", "in", "a"...) are never indexed, but Material gives every query word a
      trailing wildcard, so "the" matched "therapy", "therapist" and "themes" on nearly every page and
      buried the page the reader named. Whole stop words are dropped from the query, the last word
      too ("client angry at me": "me" matched "members" and "measurement" on pages that have nothing
      to do with anger). A stop word alone is kept: it may be half typed ("the" on the way to
      "therapy"), and the next letter makes it a word again.
   2. A query that is exactly a page's title or one of a record's aliases (its search tags) puts that
      page first, and makes it the page that Enter opens.
   3. The aliases are not listed under each result (they are words to find a page by, not tags).

   tests/browser/test_search.py types every record's name and alias and expects its page first. */
(() => {
  "use strict";

  /* lunr 2.3.9's English stop words: the words Material's index leaves out
     (tests/test_search_script.py checks this copy against the list in Material's search worker). */
  const STOP_WORDS = new Set([
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could", "dear",
    "did", "do", "does", "either", "else", "ever", "every", "for", "from", "get", "got", "had", "has",
    "have", "he", "her", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "just", "least", "let", "like", "likely", "may", "me", "might", "most", "must", "my",
    "neither", "no", "nor", "not", "of", "off", "often", "on", "only", "or", "other", "our", "own",
    "rather", "said", "say", "says", "she", "should", "since", "so", "some", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "tis", "to", "too", "twas", "us",
    "wants", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "yet", "you", "your"
  ]);

  /* Words nearly every page of the Atlas holds: in a query of several words they find nothing
     more, and "client" brought a page titled with "clients" above the one asked for
     (tests/browser/test_everyday_search.py). Dropped like stop words while other words remain. */
  const EVERYWHERE = new Set(["client", "clients", "patient", "patients"]);

  /* Material's search worker messages (integrations/search/worker/message) */
  const SETUP = 0, QUERY = 2, RESULT = 3;

  /* "Complaints/concerns about the therapist" and "complaints concerns about the therapist" are one name */
  const normalize = text => String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(" ");

  function withoutStopWords(query) {
    const words = query.trim().split(/\s+/);
    const kept = words.filter(word => !(STOP_WORDS.has(word.toLowerCase()) || EVERYWHERE.has(word.toLowerCase())));
    return kept.length ? kept.join(" ") : query;
  }

  /* page path -> the normalized names a reader may type for it: its title and its aliases */
  function namesByPage(docs) {
    const names = new Map();
    for (const doc of docs || [])
      if (!doc.location.includes("#"))
        names.set(doc.location, new Set([doc.title, ...(doc.tags || [])].map(normalize)));
    return names;
  }

  /* A record's aliases are its search tags: words to find it by. Material would also list them under
     every result, each list a navigation landmark without a name (axe: landmark-unique). */
  const withoutTags = result => ({
    ...result, items: ((result && result.items) || []).map(group => group.map(({ tags, ...item }) => item))
  });

  function exactFirst(result, query, names) {
    const wanted = normalize(query);
    const groups = result.items;
    const isNamed = group => (names.get(group[0].location.split("#")[0]) || new Set()).has(wanted);
    if (!wanted || !groups.some(isNamed))
      return result;
    const top = Math.max(...groups.flat().map(item => item.score));
    const named = groups.filter(isNamed).map(group => group.map(item =>
      item.location.includes("#") ? item : { ...item, score: top + 1 }));  // Enter opens the highest score
    return { ...result, items: [...named, ...groups.filter(group => !isNamed(group))] };
  }

  const MaterialWorker = window.Worker;  // or the iframe-worker shim, in the offline copy

  class AtlasSearchWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.worker = new MaterialWorker(url, options);
      this.names = new Map();
      this.queries = [];  // typed queries, in the order their results come back
      this.worker.addEventListener("message", event => this.receive(event.data));
      this.worker.addEventListener("error", event => this.dispatchEvent(new ErrorEvent("error", event)));
    }

    postMessage(message) {
      if (message && message.type === SETUP)
        this.names = namesByPage(message.data.docs);
      if (message && message.type === QUERY) {
        this.queries.push(message.data);
        message = { ...message, data: withoutStopWords(message.data) };
      }
      this.worker.postMessage(message);
    }

    receive(data) {
      if (data && data.type === RESULT)
        data = { ...data, data: exactFirst(withoutTags(data.data), this.queries.shift() || "", this.names) };
      const event = new MessageEvent("message", { data });
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function")
        this.onmessage(event);
    }

    terminate() {
      this.worker.terminate();
    }
  }

  window.Worker = function Worker(url, options) {
    return /\/workers\/search\.[^/]*\.js/.test(String(url))
      ? new AtlasSearchWorker(url, options)
      : new MaterialWorker(url, options);
  };
})();
