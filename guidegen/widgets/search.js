// The search index on demand (issue 19). Material's script asks for search/search_index.json (by
// XMLHttpRequest) as soon as every page loads, though most readers never search: ~100 KB of a first
// visit's ~190. This script runs just before the theme's (plugin.py defer_theme_script) and holds that
// one request until the reader shows they want to search: focus in the search field (where Material
// puts it for its "/", "s" and "f" keys and the header's search button too), or a page opened with a
// query (?q=). Material then builds its index as before; a query typed meanwhile is answered once the
// index is in. Instant navigation keeps the page's scripts, so the index comes once per visit. If the
// theme stops asking for the index this way, nothing is held and search works as before.
{
  const xhr = XMLHttpRequest.prototype, { open, send } = xhr;
  let go;
  const wanted = new Promise((resolve) => (go = resolve));
  xhr.open = function (method, url) {
    this.ggIndex = /search\/search_index\.json$/.test(url);
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    this.ggIndex ? wanted.then(() => send.apply(this, arguments)) : send.apply(this, arguments);
  };
  const intent = (e) => e.target.closest?.("[data-md-component=search-query],label[for=__search]") && go();
  addEventListener("focusin", intent, true);
  addEventListener("pointerdown", intent, true);
  if (/[?&]q=/.test(location.search)) go();
}
