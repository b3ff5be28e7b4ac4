// Keeps /live current: listens to /api/v1/live and adds each new entry at the top.
// Without JavaScript the page still lists the newest entries; reload for more.
(function () {
  "use strict";
  var list = document.getElementById("live-entries");
  var status = document.getElementById("live-status");
  if (!list || !window.EventSource) return;
  var topic = list.getAttribute("data-topic");
  var source = new EventSource("/api/v1/live" + (topic ? "?topic=" + encodeURIComponent(topic) : ""));
  source.onopen = function () { status.textContent = ""; };
  source.onerror = function () { status.textContent = "…"; };
  source.onmessage = function (event) {
    var entry = JSON.parse(event.data);
    var item = document.createElement("li");
    var badge = document.createElement("span");
    badge.className = "badge";
    badge.textContent = entry.kind;
    var link = document.createElement("a");
    link.href = entry.link;
    link.textContent = entry.title;
    var time = document.createElement("time");
    time.className = "meta";
    time.dateTime = entry.at;
    time.textContent = entry.at;
    item.append(badge, " ", link, " ", time, document.createElement("br"), entry.summary);
    list.insertBefore(item, list.firstChild);
    status.textContent = list.getAttribute("data-new") + ": " + entry.title;
  };
})();
