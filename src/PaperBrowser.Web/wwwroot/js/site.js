// Progressive enhancement only: every page works without this file.
(() => {
  "use strict";

  // Filter and sort forms submit as soon as something changes; their Apply buttons are for no-JS.
  for (const form of document.querySelectorAll("form[data-autosubmit]")) {
    form.classList.add("js-autosubmit");
    form.addEventListener("change", () => submitClean(form));
  }

  // Leave empty fields out of the URL so it stays the canonical one.
  function submitClean(form) {
    for (const input of form.querySelectorAll("input, select")) {
      if (!input.value) input.disabled = true;
    }
    form.submit();
  }
  for (const form of document.querySelectorAll("form[method=get]")) {
    form.addEventListener("submit", () => {
      for (const input of form.querySelectorAll("input, select")) {
        if (!input.value) input.disabled = true;
      }
    });
  }

  const search = document.getElementById("q");
  const results = () => Array.from(document.querySelectorAll("[data-result]"));
  let current = -1;

  function select(index) {
    const items = results();
    if (items.length === 0) return;
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach((item, i) => item.classList.toggle("selected", i === current));
    const link = items[current].querySelector("a");
    link.focus();
  }

  // Keyboard: "/" focuses the search box, j/k move through results, Enter opens (the link has focus).
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (event.key === "/" && !typing && search) {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      if (event.key === "j") { event.preventDefault(); select(current + 1); }
      if (event.key === "k") { event.preventDefault(); select(current - 1); }
    } else if (event.key === "Escape" && target === search) {
      // Leave the box without the browser's default for search fields, which also empties it.
      event.preventDefault();
      search.blur();
    }
  });

  // Suggestions as you type, from /api/suggest, in a native datalist.
  if (search && search.dataset.suggest) {
    const list = document.createElement("datalist");
    list.id = "q-suggestions";
    search.after(list);
    search.setAttribute("list", list.id);
    let timer = 0;
    let controller = null;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const text = search.value.trim();
        if (text.length < 2) { list.replaceChildren(); return; }
        controller?.abort();
        controller = new AbortController();
        try {
          const response = await fetch(`${search.dataset.suggest}?q=${encodeURIComponent(text)}`, { signal: controller.signal });
          if (!response.ok) return;
          const suggestions = await response.json();
          list.replaceChildren(...suggestions.map((s) => {
            const option = document.createElement("option");
            option.value = s.text;
            return option;
          }));
        } catch { /* a newer keystroke aborted this one */ }
      }, 120);
    });
  }
})();
