// Records every progress event of the page's viewers (the element is defined after this runs).
window.__progress = [];
document.addEventListener('progress', (e) => {
  if (e.target?.localName === 'roomfit-viewer') window.__progress.push({ id: e.target.id, ...e.detail });
}, true);
