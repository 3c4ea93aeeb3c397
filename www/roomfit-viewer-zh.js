// <roomfit-viewer>'s strings in Simplified Chinese (www/roomfit-viewer.js keeps the English ones).
// The element imports this module only when its language (`locale`, `lang`, the page's or the
// browser's) is Simplified Chinese, in parallel with the wasm build, so pages in other
// languages never fetch it. Same keys as the English tables (`STRINGS` there, `EN` in
// www/roomfit-viewer-room.js), plus `webxr` and `camera`, the WebXR overlay's and the camera
// view's texts (www/ar/webxr.js and www/ar/camera.js have the English ones).

export const zh = {
  loading: '正在加载…',
  cannotShow: (m) => `无法显示此模型：${m}`,
  productView: '商品的 3D 视图',
  roomView: (n) => `3D 房间视图，共 ${n} 件物品`,
  keys: '在房间中：Tab 键选择下一件物品，方向键移动（按住 Shift 可微调），Q 和 E 键旋转，D 键复制，'
    + 'Delete 键移除，Esc 键取消选择，Ctrl+Z 撤销，Ctrl+Y 重做，Home 键显示整个房间，加号和减号缩放。',
  progress: '正在加载 3D 视图',
  arModes: { webxr: 'WebXR 增强现实', 'quick-look': 'AR 快速查看', camera: '相机视图', '3d': '3D 视图' },
  arReason: (why) => (AR_REASONS_ZH[why] ?? arFailureZh(why)).replace(/。$/, ''),
  arBadge: (label, parts) => `${label}${parts.length ? `（${parts.join('；')}）` : ''}`,
  camera: {
    label: '相机视图',
    approx: '相机视图：摆放位置为近似值',
    height: '相机高度',
    heightHelp: '手机离地面的高度；家具就摆在这个地面上。',
    leave: '退出相机视图',
    metres: (h) => `${h.toFixed(2)} 米`,
    m: (h) => `${h.toFixed(2)} 米`,
  },
  quickLook: { buy: '购买', checkOut: '结账', room: (n) => `您的房间：${n} 件物品` },
  // The WebXR overlay (www/ar/webxr.js, whose ENGLISH table is the English one).
  webxr: {
    starting: '正在启动 AR…',
    loading: '正在加载 AR…',
    drawer: '添加家具',
    measure: '测量',
    checkout: '结账',
    visit: '预约到店',
    exit: '退出 AR',
    tapToPlace: (name, wall) => `点按${wall ? '墙面' : '地面'}以放置${name}。`,
    measureHelp: '点按两个点，测量它们之间的距离。',
    checkedOut: '您的房间已转到结账。您仍在 AR 中。',
    visitRequested: '已提交到店预约。您仍在 AR 中。',
    cannotShow: (name) => `无法显示${name}。`,
    cannotPutRoom: (code) => (code === 'no-surface' ? '无法把房间放在这里：请对准地面。' : '无法把房间放在这里。'),
    roomHere: (n, name) => `您的房间已放好（共 ${n} 件物品）。拖动物品可移动它，点按地面可添加${name}。`,
    cannotPlace: (code) => (code === 'no-surface' ? '无法放在这里：请对准合适的地面或墙面。' : '无法放置。'),
    placed: (name) => `已放置${name}。`,
    distance: (label) => `距离：${label}。再次点按可重新测量。`,
    secondPoint: '请点按第二个点。',
    cannotMeasure: () => '无法在这里测量：请对准一个表面。',
    pointRoom: (n) => `对准地面并点按，把您的房间放在那里（共 ${n} 件物品）。`,
    pointFloor: (name) => `对准地面，然后点按以放置${name}。`,
    hidden: '该位置前面有真实物体挡住：请对准能看到表面的地方。',
    ended: 'AR 已结束。',
  },
  errorText: (code) => ERRORS_ZH[code] ?? ERRORS_ZH.error,
};

// Why an AR mode was not available (the English reasons of `ar-status`, from this file and
// www/ar/webxr.js), for the badge in Simplified Chinese.
const AR_REASONS_ZH = {
  'not in the ar-modes attribute': '未在 ar-modes 属性中启用',
  'this browser has no WebXR': '此浏览器不支持 WebXR',
  'webxr unavailable: ar/webxr.js could not be loaded': 'WebXR 不可用：无法加载 ar/webxr.js',
  'immersive-ar is not supported on this device': '此设备不支持沉浸式 AR',
  'WebXR needs a secure (https) page.': 'WebXR 需要安全（https）页面。',
  'This browser has no WebXR (navigator.xr is missing).': '此浏览器不支持 WebXR。',
  'This browser has no WebGL2 layer for WebXR.': '此浏览器没有可用于 WebXR 的 WebGL2 图层。',
  'This browser or device does not support immersive AR sessions (WebXR immersive-ar).': '此浏览器或设备不支持沉浸式 AR 会话。',
  'not iOS Safari: AR Quick Look is iOS only': '不是 iOS Safari：AR 快速查看仅适用于 iOS',
  'quick-look unavailable: ar/quicklook.js could not be loaded': 'AR 快速查看不可用：无法加载 ar/quicklook.js',
  'this browser gives no camera access (getUserMedia)': '此浏览器无法使用相机',
  'camera permission denied': '相机权限被拒绝',
  'no camera found': '未找到相机',
  'the camera is in use by another app': '相机正被其他应用使用',
  'unknown mode': '未知模式',
};

// The error `code`s a shopper can meet (the asset loader's, src/asset/error.rs, and the
// element's and web module's own), as sentences in Simplified Chinese; the English `message`
// stays in the event's detail for the developer.
const ERRORS_ZH = {
  'not-gltf': '此文件不是 3D 模型。',
  truncated: '模型文件不完整。',
  'length-mismatch': '模型文件的长度与其头部不符。',
  'unsupported-version': '不支持此模型文件的版本。',
  json: '模型文件的内容无法读取。',
  'out-of-bounds': '模型文件中的数据超出范围。',
  'missing-reference': '模型文件引用了不存在的部分。',
  'index-out-of-range': '模型文件中的顶点索引超出范围。',
  'non-finite': '模型文件中有无效的数值。',
  'bad-accessor': '模型文件中的数据类型不正确。',
  'bad-stride': '模型文件中的数据布局不正确。',
  'node-cycle': '模型文件的结构有循环。',
  'unsupported-extension': '模型使用了不支持的扩展。',
  'limit-exceeded': '模型太大（文件、三角形或纹理超出限制）。',
  'bad-image': '模型的贴图缺失或无法读取。',
  resource: '模型引用的文件无法获取。',
  empty: '模型中没有可显示的内容。',
  'bad-compression': '模型的压缩数据已损坏。',
  fetch: '无法下载模型，请检查网络后重试。',
  'no-gpu': '此浏览器无法使用图形加速（WebGPU 或 WebGL2）。',
  'no-surface': '无法在此页面上绘制 3D 视图。',
  'no-model': '还没有可显示的模型。',
  'no-catalog': '未设置商品目录。',
  'unknown-product': '商品目录中没有此商品。',
  'unknown-variant': '此商品没有该款式。',
  invalid: '设置无效。',
  internal: '内部错误。',
  error: '出现错误。',
};

/** A reason not in AR_REASONS_ZH: "<mode> failed: <error>" and the like, in Chinese. */
function arFailureZh(why) {
  const failed = /^(webxr|quick-look|camera) failed: (.*)$/s.exec(why);
  if (failed) return `${failed[1] === 'camera' ? '相机' : failed[1] === 'webxr' ? 'WebXR' : 'AR 快速查看'}启动失败（${failed[2]}）`;
  if (why.startsWith('WebXR cannot tell whether AR works here: ')) return `WebXR 无法判断此处能否使用 AR（${why.slice(41)}）`;
  return `不可用（${why}）`;
}
