// The demo shop's languages: English and Simplified Chinese. The language comes from ?lang=,
// else the one the shopper last picked (localStorage), else navigator.language (zh → zh-CN).
// Every string the demo shows is here; product texts come from the catalog's per-locale fields,
// prices and dates are formatted with Intl in the shopper's locale, and the viewer element gets
// the language through its `lang` attribute (its own strings and the room's sentences from Rust).

export const LANGS = ['en', 'zh-CN'];

function pickLang() {
  const asked = new URLSearchParams(location.search).get('lang');
  const norm = (l) => (l?.toLowerCase().startsWith('zh') ? 'zh-CN' : l?.toLowerCase().startsWith('en') ? 'en' : null);
  const fromUrl = norm(asked);
  if (fromUrl) return fromUrl;
  try {
    const saved = norm(localStorage.getItem('roomfit-demo-lang'));
    if (saved) return saved;
  } catch {
    // storage may be unavailable (private mode, sandboxed frames)
  }
  return norm(navigator.language) === 'zh-CN' ? 'zh-CN' : 'en';
}

/** The demo's language: 'en' or 'zh-CN'. */
export const lang = pickLang();

/** The locale numbers, prices and dates are formatted in. */
export const locale = lang === 'zh-CN' ? 'zh-CN' : navigator.language?.startsWith('en') ? navigator.language : 'en';

/** Remembers the shopper's choice. */
export function rememberLang(l) {
  try {
    localStorage.setItem('roomfit-demo-lang', l);
  } catch {
    // not remembered then
  }
}

const plural = (n, one, many) => (n === 1 ? one : many);

const en = {
  title: 'roomfit demo shop',
  tagline: 'Furniture from several retailers, shown in true 3D.',
  language: 'Language',
  categories: 'Categories',
  all: 'All',
  products: 'Products',
  loadingCatalog: 'Loading the catalog…',
  catalogFailed: (m) => `The catalog could not be loaded (${m}).`,
  catalogCount: (n, r) => `${n} products from ${r} retailers.`,
  selected: 'Selected:',
  nothingYet: 'nothing yet',
  nothing: 'nothing',
  size: 'Size (width × depth × height):',
  hint: '“Add to room” places products from any retailer together, at true size: drag to move, tap to select, twist or Q/E to turn, Tab and arrow keys too.',
  viewerAlt: '3D view of the selected product',
  colours: 'Colours',
  from: (p) => `from ${p}`,
  viewInRoom: 'View in your room',
  addToRoom: 'Add to room',
  addNamed: (name) => `Add to room: ${name}`,
  drawn: (backend, tris, size) => `Drawn with ${backend} · ${tris} triangles · ${size}`,
  cm: 'cm',
  inch: 'in',
  cannotShow: (m) => `Cannot show this model: ${m}`,
  cannotAdd: (m) => `Cannot add it to the room: ${m}`,
  badRoomLink: (m) => `This room link could not be opened: ${m}`,
  yourRoom: 'Your room',
  roomView: 'Room view',
  undo: 'Undo',
  redo: 'Redo',
  removeSelected: 'Remove selected',
  share: 'Share this room',
  checkout: 'Checkout',
  findStore: 'Find a store',
  roomLink: 'Link to this room',
  summary: (items, shops) => `${items} ${plural(items, 'item', 'items')} from ${shops} ${plural(shops, 'retailer', 'retailers')}`,
  cart: 'Cart',
  cartEmpty: 'Your room is empty: add products to see them here.',
  subtotal: (shop, amount) => `Subtotal at ${shop}: ${amount}`,
  fitTitle: 'Will it fit?',
  fitHint: 'Type the size of the free space in your room: every product is checked at its true size, turned 90° if that helps.',
  width: 'Width',
  depth: 'Depth',
  heightOptional: 'Height (optional)',
  unit: 'Unit',
  check: 'Check',
  fits: 'fits',
  noFit: 'does not fit',
  fitCount: (n, all) => `${n} of ${all} products fit.`,
  cannotCheck: (m) => `Cannot check: ${m}`,
  compare: 'Compare:',
  comparing: 'Looking for similar products…',
  cannotCompare: (m) => `Cannot compare: ${m}`,
  noSimilar: 'No similar product from any retailer.',
  similarCount: (n) => `${n} similar ${plural(n, 'product', 'products')}.`,
  priceLabel: 'Price',
  sizeShort: 'Size (W × D × H)',
  materials: 'Materials',
  photo: 'Save a photo',
  noPhoto: (m) => `No photo: ${m}`,
  photoTitle: 'My room',
  leftOut: (m) => `Left out: ${m}`,
  // the handoff panels (demo-handoff.js)
  preparingCheckout: 'Preparing checkout…',
  checkoutUnavailable: (m) => `Checkout is not available: ${m}`,
  checkoutAt: (shop) => `Checkout at ${shop}`,
  eachItemOwnPage: 'Each item opens its own cart page: ',
  itemN: (i) => `item ${i} `,
  total: (t) => `Total: ${t}`,
  byShop: 'Your room, by shop',
  findingStores: 'Finding stores near you…',
  storesUnavailable: (m) => `Store search is not available: ${m}`,
  cityOrPostcode: 'City or postcode',
  search: 'Search',
  openUntil: (t) => `Open now, until ${t}`,
  closedOpens: (when) => `Closed, opens ${when} (store time)`,
  closed: 'Closed',
  bookAt: (name) => `Book a visit at ${name}`,
  bookOnSite: 'Book on the store\u2019s site',
  onDisplay: (list) => `On display from your room: ${list}`,
  noneOnDisplay: 'None of your room\u2019s items on display',
  directions: 'Directions',
  openInMaps: 'Open in maps app',
  noStores: (m) => `No stores found for that: ${m}`,
  nearestFirst: 'Stores nearest to you first.',
  typeCityInstead: (m) => `${m} Type a city or postcode instead.`,
  noGeolocation: 'This browser cannot tell your location.',
  geolocationDenied: 'Location access was not allowed.',
  geolocationUnavailable: 'Your location is not available right now.',
  visit: (name) => `Visit ${name}`,
  storeTimes: (zone) => `Times are the store's (${zone}).`,
  time: 'Time',
  name: 'Name',
  phoneOrEmail: 'Phone or e-mail',
  book: 'Book',
  giveName: 'Please give your name.',
  giveContact: 'Please give a phone number or an e-mail address.',
  booking: 'Booking…',
  notBooked: (m) => `Not booked: ${m}`,
  storeUnreachable: 'Not booked: the store could not be reached. Please try again.',
  booked: 'Your visit is booked',
  bookedAt: (store, when) => `${store}, ${when} (store time).`,
  addToCalendar: 'Add to calendar (.ics)',
  showTicket: 'Show this at the store, it opens your room: ',
  ticket: 'try-on ticket',
  ticketQr: 'QR code of your try-on ticket',
  visitTo: (name) => `Visit to ${name}`,
  category: {
    sofa: 'Sofas', armchair: 'Armchairs', chair: 'Chairs', table: 'Tables', 'coffee-table': 'Coffee tables',
    lamp: 'Lamps', storage: 'Storage', rug: 'Rugs', 'wall-art': 'Wall art',
  },
};

const zh = {
  title: 'roomfit 演示商店',
  tagline: '多家零售商的家具，以真实尺寸 3D 呈现。',
  language: '语言',
  categories: '分类',
  all: '全部',
  products: '商品',
  loadingCatalog: '正在加载商品目录…',
  catalogFailed: (m) => `无法加载商品目录（${m}）。`,
  catalogCount: (n, r) => `共 ${n} 件商品，来自 ${r} 家零售商。`,
  selected: '已选：',
  nothingYet: '尚未选择',
  nothing: '无',
  size: '尺寸（宽 × 深 × 高）：',
  hint: '“加入房间”可将不同零售商的商品按真实尺寸放在一起：拖动可移动，轻点可选择，双指旋转或按 Q/E 键可转动，也可使用 Tab 键和方向键。',
  viewerAlt: '所选商品的 3D 视图',
  colours: '颜色',
  from: (p) => `${p} 起`,
  viewInRoom: '在您的房间中查看',
  addToRoom: '加入房间',
  addNamed: (name) => `加入房间：${name}`,
  drawn: (backend, tris, size) => `由 ${backend} 绘制 · ${tris} 个三角形 · ${size}`,
  cm: '厘米',
  inch: '英寸',
  cannotShow: (m) => `无法显示此模型：${m}`,
  cannotAdd: (m) => `无法加入房间：${m}`,
  badRoomLink: (m) => `无法打开此房间链接：${m}`,
  yourRoom: '您的房间',
  roomView: '房间视图',
  undo: '撤销',
  redo: '重做',
  removeSelected: '移除所选',
  share: '分享此房间',
  checkout: '结账',
  findStore: '查找门店',
  roomLink: '此房间的链接',
  summary: (items, shops) => `${items} 件物品，来自 ${shops} 家零售商`,
  cart: '购物车',
  cartEmpty: '您的房间还是空的：加入商品后会显示在这里。',
  subtotal: (shop, amount) => `${shop} 小计：${amount}`,
  fitTitle: '放得下吗？',
  fitHint: '输入房间中空余位置的尺寸：每件商品都按真实尺寸检查，必要时旋转 90°。',
  width: '宽度',
  depth: '深度',
  heightOptional: '高度（可选）',
  unit: '单位',
  check: '检查',
  fits: '放得下',
  noFit: '放不下',
  fitCount: (n, all) => `${all} 件商品中有 ${n} 件放得下。`,
  cannotCheck: (m) => `无法检查：${m}`,
  compare: '比较：',
  comparing: '正在查找相似商品…',
  cannotCompare: (m) => `无法比较：${m}`,
  noSimilar: '没有来自任何零售商的相似商品。',
  similarCount: (n) => `${n} 件相似商品。`,
  priceLabel: '价格',
  sizeShort: '尺寸（宽 × 深 × 高）',
  materials: '材质',
  photo: '保存照片',
  noPhoto: (m) => `无法拍照：${m}`,
  photoTitle: '我的房间',
  leftOut: (m) => `未收录：${m}`,
  preparingCheckout: '正在准备结账…',
  checkoutUnavailable: (m) => `暂时无法结账：${m}`,
  checkoutAt: (shop) => `在 ${shop} 结账`,
  eachItemOwnPage: '每件商品会打开各自的购物车页面：',
  itemN: (i) => `第 ${i} 件 `,
  total: (t) => `合计：${t}`,
  byShop: '您的房间（按商店）',
  findingStores: '正在查找您附近的门店…',
  storesUnavailable: (m) => `暂时无法查找门店：${m}`,
  cityOrPostcode: '城市或邮政编码',
  search: '搜索',
  openUntil: (t) => `正在营业，至 ${t}`,
  closedOpens: (when) => `已打烊，${when} 开门（门店时间）`,
  closed: '已打烊',
  bookAt: (name) => `预约到访 ${name}`,
  bookOnSite: '在门店网站预约',
  onDisplay: (list) => `您房间中的这些商品有展品：${list}`,
  noneOnDisplay: '您房间中的商品均无展品',
  directions: '路线',
  openInMaps: '在地图应用中打开',
  noStores: (m) => `未找到门店：${m}`,
  nearestFirst: '离您最近的门店排在最前。',
  typeCityInstead: (m) => `${m}请改为输入城市或邮政编码。`,
  noGeolocation: '此浏览器无法获取您的位置。',
  geolocationDenied: '未获准访问位置。',
  geolocationUnavailable: '暂时无法获取您的位置。',
  visit: (name) => `到访 ${name}`,
  storeTimes: (zone) => `时间为门店当地时间（${zone}）。`,
  time: '时间',
  name: '姓名',
  phoneOrEmail: '电话或电子邮箱',
  book: '预约',
  giveName: '请填写您的姓名。',
  giveContact: '请填写电话号码或电子邮箱地址。',
  booking: '正在预约…',
  notBooked: (m) => `预约未成功：${m}`,
  storeUnreachable: '预约未成功：无法联系门店，请重试。',
  booked: '您的到访已预约',
  bookedAt: (store, when) => `${store}，${when}（门店时间）。`,
  addToCalendar: '添加到日历（.ics）',
  showTicket: '到店时出示此票，即可打开您的房间：',
  ticket: '试摆票',
  ticketQr: '您的试摆票二维码',
  visitTo: (name) => `到访 ${name}`,
  category: {
    sofa: '沙发', armchair: '扶手椅', chair: '椅子', table: '桌子', 'coffee-table': '咖啡桌',
    lamp: '灯具', storage: '收纳', rug: '地毯', 'wall-art': '墙面装饰',
  },
};

const tables = { en, 'zh-CN': zh };

/** The string `key` in the demo's language (a function for strings with parameters). */
export function t(key, ...args) {
  const v = tables[lang][key] ?? en[key];
  return typeof v === 'function' ? v(...args) : v;
}

/** A catalog category's name, or the id itself turned into words. */
export function categoryName(id) {
  return tables[lang].category[id] ?? en.category[id] ?? String(id).replace(/-/g, ' ');
}

/** A catalog text ({ en, 'zh-CN', … }) in the demo's language. */
export function text(names) {
  return names?.[lang] ?? names?.en ?? Object.values(names ?? {})[0] ?? '';
}

/** A price in the retailer's currency, formatted for the shopper's locale. */
export function price(amount, currency) {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** A date and time in a store's time zone, formatted for the shopper's locale. */
export function storeTime(instant, timeZone) {
  try {
    return new Intl.DateTimeFormat(locale, {
      weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
    }).format(new Date(instant));
  } catch {
    return String(instant);
  }
}

/** Fills every element with `data-i18n` (text) or `data-i18n-aria` (aria-label) from the table. */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}
