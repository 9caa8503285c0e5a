// The link to the view, under the settings it holds, with a button that copies it (ui/page.py).
//
// Python sends {title, help, lines, url, copy, copied}. Every text goes in as text, never as HTML: the
// settings come from a visitor's link.

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function copy(url) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(url);
  // a plain-http page (a hall's own server) has no clipboard API: the old way
  const field = element("textarea");
  field.value = url;
  document.body.appendChild(field);
  field.select();
  document.execCommand("copy");
  field.remove();
  return Promise.resolve();
}

function mount(parentElement) {
  const box = element("div", "lab-link");
  const heading = element("p");
  heading.append(element("strong"), " ", element("small"));
  const row = element("div", "lab-link-row");
  const button = element("button");
  button.type = "button";
  row.append(element("code"), button);
  box.append(heading, element("ul"), row);
  parentElement.appendChild(box);
  button.addEventListener("click", () => {
    if (window.__lab && window.__lab.writeLinks) window.__lab.writeLinks(); // a stage's last stops (stage.js)
    const texts = box.__labTexts;
    copy(texts.url).then(() => {
      button.textContent = texts.copied;
      setTimeout(() => (button.textContent = box.__labTexts.copy), 1500);
    });
  });
  return box;
}

export default function ({ data, parentElement }) {
  const texts = JSON.parse(new TextDecoder().decode(data));
  const box = parentElement.querySelector(".lab-link") || mount(parentElement);
  box.__labTexts = texts;
  box.querySelector("strong").textContent = texts.title;
  box.querySelector("small").textContent = texts.help;
  box.querySelector("ul").replaceChildren(...texts.lines.map((line) => element("li", "", line)));
  box.querySelector("code").textContent = texts.url;
  box.querySelector("button").textContent = texts.copy;
}
