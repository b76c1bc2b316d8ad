// Content Search 2.0 for Mirador 4.0, which finds a search service only by a Search 0/1
// profile and reads answers in the Search 1 shape (resources, hits, within). This request
// postprocessor lets it find the manifest's SearchService2 and translates each answer.
(function () {
  "use strict";
  var SEARCH1 = "http://iiif.io/api/search/1/search";
  var SEARCH2_CONTEXT = "http://iiif.io/api/search/2/context.json";

  function declareSearch(manifest) {
    (manifest.service || []).forEach(function (service) {
      if (service.type === "SearchService2" && !service.profile) service.profile = SEARCH1;
    });
  }

  function asSearch1(page, url) {
    var resources = (page.items || []).map(function (a) {
      return {"@id": a.id, "@type": "oa:Annotation", motivation: "sc:painting",
              resource: {"@type": "cnt:ContentAsText", chars: (a.body && a.body.value) || ""},
              on: a.target};
    });
    var hits = [];
    (page.annotations || []).forEach(function (highlights) {
      (highlights.items || []).forEach(function (h) {
        var targets = [].concat(h.target);
        var quote = [].concat(targets[0].selector || [])[0] || {};
        hits.push({"@type": "search:Hit", match: quote.exact || "", before: quote.prefix || "",
                   after: quote.suffix || "",
                   annotations: targets.map(function (t) { return t.source; })});
      });
    });
    // The answer is known by the URL Mirador asked, not by its own (percent-encoded) id.
    return Object.assign({}, page, {"@id": url, resources: resources, hits: hits,
                                    within: {"@type": "sc:Layer", total: hits.length}});
  }

  // Mirador hands each fetched resource over as the action it will dispatch: a manifest
  // as {manifestJson}, a search answer as {searchJson}.
  window.gujiSearch2 = function (url, action) {
    if (action && action.manifestJson && action.manifestJson.type === "Manifest") {
      declareSearch(action.manifestJson);
      return action;
    }
    var json = action && action.searchJson;
    if (json && json.type === "AnnotationPage" &&
        [].concat(json["@context"] || []).indexOf(SEARCH2_CONTEXT) >= 0) {
      action.searchJson = asSearch1(json, url);
    }
    return action;
  };
})();

// Run one search when the viewer opens from a search result (/view/VOLUME?canvas=N&q=…):
// open the search panel as a click on its tab would, then search. (Mirador's own
// defaultSearchQuery sends the query twice and lists every hit twice.)
window.gujiOpenSearch = function (viewer, query) {
  "use strict";
  // Mirador 4's bundle keeps its action creators under `default`.
  var actions = Mirador.actions || (Mirador.default && Mirador.default.actions);
  var store = viewer.store;
  var done = false;
  var unsubscribe = store.subscribe(function () {
    if (done) return;
    var state = store.getState();
    var win = Object.values(state.windows)[0];
    var manifest = win && state.manifests[win.manifestId];
    // Wait until the pages are on screen, as they are when a reader types a query.
    if (!manifest || !manifest.json || !state.viewers[win.id]) return;
    var service = (manifest.json.service || []).filter(function (s) {
      return s.type === "SearchService2";
    })[0];
    done = true;
    unsubscribe();
    if (!service) return;
    store.dispatch(actions.addOrUpdateCompanionWindow(win.id, {content: "search", position: "left"}));
    store.dispatch(actions.updateWindow(win.id, {sideBarOpen: true, sideBarPanel: "search"}));
    var now = store.getState();
    var panel = now.windows[win.id].companionWindowIds.map(function (id) {
      return now.companionWindows[id];
    }).filter(function (c) { return c && c.content === "search"; })[0];
    if (panel) {
      store.dispatch(actions.fetchSearch(
        win.id, panel.id, service.id + "?q=" + encodeURIComponent(query), query));
    }
  });
};
