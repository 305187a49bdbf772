import { api, send, type Completion } from "../api/client";
import { announce, h, plural, svgIcon } from "../dom";
import { navigate } from "../router";

/** How long typing has to pause before the site asks for suggestions, and the shortest text worth asking about. */
const debounceMs = 200;
const minLength = 2;
const listId = "search-suggestions";

interface Suggestion {
  id: string;
  kind: string;
  label: string;
  href: string;
  /** What the search box shows once the reader picks it ("did you mean" replaces the typed text). */
  text?: string;
}

let input: HTMLInputElement | undefined;

/** Shows the query of the results page in the header's box (also after Back and Forward). */
export function setSearchText(text: string): void {
  if (input && document.activeElement !== input) input.value = text;
}

/**
 * The header's search box: a labelled search landmark whose form works without script (GET /search?q=), and a
 * combobox (ARIA 1.2 pattern) that offers the API's suggestions while the reader types: articles whose titles match
 * (they open the article), topics (they open the topic page) and, when the text finds nothing, "Did you mean ...?"
 * (it searches for the corrected text). Arrow keys move through the list, Enter opens the active option or searches
 * for the typed text, Escape closes the list.
 */
export function searchBox(): HTMLElement {
  const field = h("input", {
    type: "search",
    id: "site-search",
    name: "q",
    class: "search-input",
    placeholder: "Search articles",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: 200,
    required: true,
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
  });
  input = field;
  const list = h("ul", { id: listId, class: "suggestions", role: "listbox", "aria-label": "Search suggestions", hidden: true });
  const form = h(
    "form",
    { class: "search-form", role: "search", "aria-label": "Site search", action: "/search", method: "get" },
    h("label", { for: field.id, class: "visually-hidden" }, "Search articles"),
    h("div", { class: "search-field" }, field, list),
    h(
      "button",
      { type: "submit", class: "search-button", "aria-label": "Search" },
      svgIcon('<circle cx="11" cy="11" r="7"/><path d="m20 20-4.2-4.2"/>'),
    ),
  );

  let options: Suggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let pending: AbortController | undefined;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    options = [];
    active = -1;
    field.setAttribute("aria-expanded", "false");
    field.removeAttribute("aria-activedescendant");
  };

  const highlight = (index: number) => {
    active = index;
    list.querySelectorAll<HTMLElement>("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) option.scrollIntoView({ block: "nearest" });
    });
    if (index >= 0 && options[index]) field.setAttribute("aria-activedescendant", options[index].id);
    else field.removeAttribute("aria-activedescendant");
  };

  const choose = (suggestion: Suggestion) => {
    close();
    if (suggestion.text !== undefined) field.value = suggestion.text;
    navigate(suggestion.href);
  };

  const show = (suggestions: Suggestion[]) => {
    options = suggestions;
    active = -1;
    field.removeAttribute("aria-activedescendant");
    list.replaceChildren(
      ...suggestions.map((suggestion, index) => {
        const kind = suggestion.kind === "did-you-mean" ? "Did you mean" : suggestion.kind === "tag" ? "Topic" : "Article";
        // The option's name is its visible text, "Topic Cobalt" or "Did you mean cobalt" (the space keeps the words apart).
        const option = h(
          "li",
          { id: suggestion.id, class: `suggestion suggestion-${suggestion.kind}`, role: "option", "aria-selected": "false" },
          h("span", { class: "suggestion-kind" }, kind),
          " ",
          h("span", { class: "suggestion-label" }, suggestion.label),
        );
        option.addEventListener("click", () => choose(suggestion));
        option.addEventListener("mousemove", () => active !== index && highlight(index));
        return option;
      }),
    );
    list.hidden = suggestions.length === 0;
    field.setAttribute("aria-expanded", String(suggestions.length > 0));
    announce(suggestions.length ? `${plural(suggestions.length, "suggestion")} available. Use the arrow keys to choose one.` : "");
  };

  const suggest = async (text: string) => {
    pending?.abort();
    pending = new AbortController();
    const signal = pending.signal;
    try {
      const answer = await send(api.GET("/api/v1/search/suggest", { params: { query: { q: text } }, signal }));
      if (signal.aborted || field.value.trim() !== text) return;
      const found: Suggestion[] = (answer.completions ?? []).map((completion: Completion, index) => ({
        id: `${listId}-${index}`,
        kind: completion.kind === "tag" ? "tag" : "article",
        label: completion.text,
        href: `/${completion.kind === "tag" ? "tags" : "articles"}/${encodeURIComponent(completion.slug)}`,
      }));
      if (answer.didYouMean) {
        found.push({
          id: `${listId}-dym`,
          kind: "did-you-mean",
          label: answer.didYouMean,
          href: `/search?q=${encodeURIComponent(answer.didYouMean)}`,
          text: answer.didYouMean,
        });
      }
      show(found);
    } catch {
      // Suggestions are a convenience: when they fail (nothing to search for, slow down, offline) the box still
      // searches, and the results page reports the problem in full.
      if (!signal.aborted) close();
    }
  };

  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    const text = field.value.trim();
    if (text.length < minLength) {
      pending?.abort();
      close();
      return;
    }
    timer = window.setTimeout(() => void suggest(text), debounceMs);
  });

  field.addEventListener("keydown", (event) => {
    const open = !list.hidden && options.length > 0;
    switch (event.key) {
      case "ArrowDown":
        if (!open) return;
        event.preventDefault();
        highlight(active + 1 >= options.length ? 0 : active + 1);
        break;
      case "ArrowUp":
        if (!open) return;
        event.preventDefault();
        highlight(active <= 0 ? options.length - 1 : active - 1);
        break;
      case "Enter": {
        const chosen = open && active >= 0 ? options[active] : undefined;
        if (!chosen) return; // the form submits the typed text
        event.preventDefault();
        choose(chosen);
        break;
      }
      case "Escape":
        if (!open) return;
        event.preventDefault();
        close();
        break;
    }
  });

  // A click on an option must not blur the box first (which would close the list under the pointer).
  list.addEventListener("mousedown", (event) => event.preventDefault());
  field.addEventListener("blur", () => {
    window.clearTimeout(timer);
    pending?.abort();
    close();
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) {
      field.focus();
      return;
    }
    window.clearTimeout(timer);
    pending?.abort();
    close();
    navigate(`/search?q=${encodeURIComponent(text)}`);
  });

  return form;
}
