// Records every progress and analytics event of the page's viewers (the element is defined
// after this runs).
window.__progress = [];
window.__analytics = [];
document.addEventListener('roomfit-analytics', (e) => window.__analytics.push(e.detail));
document.addEventListener('progress', (e) => {
  if (e.target?.localName === 'roomfit-viewer') window.__progress.push({ id: e.target.id, ...e.detail });
}, true);
