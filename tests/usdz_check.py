#!/usr/bin/env python3
"""Checks USDZ packages written by roomfit against expectations computed from the glTF side.

Usage: usdz_check.py EXPECT.json   (written by tests/usdz.rs)

For every case: all of usd-core's UsdValidation validators report 0 errors (warnings are
printed and counted); the zip is read with Python's own zipfile module (stored entries, data
64-byte aligned, the root layer first, the texture files expected); the stage says Y up and
metres; its bounds equal the glTF bounds within 1 mm; every mesh has the expected vertex and
triangle counts, material binding, sidedness and flipped st; every material's UsdPreviewSurface
inputs have the expected values, or the expected texture (image bytes, colour space, channel,
scale, bias, wrap, UV set) and KHR_texture_transform, evaluated at sample points; and the ARKit
rules of the former ComplianceChecker(arkit=True) hold (see arkit_rules).

Prints a JSON summary on the last line: {"cases": N, "errors": N, "warnings": N, ...}. Exit
status 1 if anything failed.
"""
import json
import math
import struct
import sys
import zipfile
import zlib

from pxr import Sdf, Usd, UsdGeom, UsdShade, UsdValidation

failures = []


def fail(case, msg):
    failures.append(f"{case}: {msg}")


def close(a, b, tol=1e-5):
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(b)))


def validate(stage):
    reg = UsdValidation.ValidationRegistry()
    ctx = UsdValidation.ValidationContext(reg.GetOrLoadAllValidators())
    errors, warnings = [], []
    for e in ctx.Validate(stage):
        t = e.GetType()
        text = f"{e.GetName()}: {e.GetMessage()}"
        if t == UsdValidation.ValidationErrorType.Error:
            errors.append(text)
        elif t == UsdValidation.ValidationErrorType.Warn:
            warnings.append(text)
    return errors, warnings


def check_zip(name, path, case):
    """Returns {member name: bytes}."""
    members = {}
    with open(path, "rb") as f:
        raw = f.read()
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if not infos or infos[0].filename != case["root_layer"]:
            fail(name, f"first file is {infos[0].filename if infos else None}, want {case['root_layer']}")
        for info in infos:
            if info.compress_type != zipfile.ZIP_STORED:
                fail(name, f"{info.filename} is compressed")
            h = info.header_offset
            sig, = struct.unpack_from("<I", raw, h)
            nlen, xlen = struct.unpack_from("<HH", raw, h + 26)
            start = h + 30 + nlen + xlen
            if sig != 0x04034B50 or start % 64 != 0:
                fail(name, f"{info.filename}: data at {start} is not 64-byte aligned")
            data = z.read(info)  # checks the CRC too
            if raw[start:start + len(data)] != data:
                fail(name, f"{info.filename}: central directory and data disagree")
            members[info.filename] = data
    return members


def png_size(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return list(struct.unpack(">II", data[16:24]))


def png_pixels(data):
    """(width, height, channels, rows of bytes) of an 8-bit, non-interlaced RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat = 8, b""
    while at < len(data):
        n, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        at += 12 + n
    ch = 3 if ctype == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * ch, [], bytearray(w * ch)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b, c = prev[i], prev[i - ch] if i >= ch else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, ch, rows


def source(inp):
    """(shader prim, output name) connected to a UsdShade input, or None."""
    srcs = inp.GetConnectedSources()[0] if inp else []
    if not srcs:
        return None
    s = srcs[0]
    return s.source.GetPrim(), s.sourceName


def input_value(shader, name, default):
    inp = shader.GetInput(name)
    v = inp.Get() if inp else None
    return default if v is None else v


def st_source(name, tex, want, prim_path):
    """Follows inputs:st back to the primvar reader; checks the transform in between."""
    src = source(UsdShade.Shader(tex).GetInput("st"))
    if src is None:
        fail(name, f"{prim_path}: texture st is not connected")
        return
    node = UsdShade.Shader(src[0])
    transform = want.get("transform")
    if node.GetIdAttr().Get() == "UsdTransform2d":
        if transform is None:
            fail(name, f"{prim_path}: unexpected UsdTransform2d")
        rot = math.radians(input_value(node, "rotation", 0.0))
        sc = list(input_value(node, "scale", (1.0, 1.0)))
        tr = list(input_value(node, "translation", (0.0, 0.0)))
        # glTF: uv' = T * R * S * uv with the extension's matrix; USD st = (u, 1 - v).
        if transform is not None:
            o, r, s = transform["offset"], transform["rotation"], transform["scale"]
            c, sn = math.cos(r), math.sin(r)
            for u, v in [(0, 0), (1, 0), (0.25, 0.75), (-2, 3)]:
                gu = c * s[0] * u + sn * s[1] * v + o[0]
                gv = -sn * s[0] * u + c * s[1] * v + o[1]
                su, sv = u, 1 - v
                x, y = su * sc[0], sv * sc[1]
                ru = math.cos(rot) * x - math.sin(rot) * y + tr[0]
                rv = math.sin(rot) * x + math.cos(rot) * y + tr[1]
                if not (close(ru, gu, 1e-4) and close(rv, 1 - gv, 1e-4)):
                    fail(name, f"{prim_path}: texture transform maps uv ({u},{v}) to st ({ru},{rv}); glTF says ({gu},{1 - gv})")
        nxt = source(node.GetInput("in"))
        if nxt is None:
            fail(name, f"{prim_path}: UsdTransform2d input not connected")
            return
        node = UsdShade.Shader(nxt[0])
    elif transform is not None:
        fail(name, f"{prim_path}: KHR_texture_transform is missing")
    if node.GetIdAttr().Get() != "UsdPrimvarReader_float2":
        fail(name, f"{prim_path}: st comes from {node.GetIdAttr().Get()}")
        return
    varname = input_value(node, "varname", "")
    if str(varname) != want["uv_set"]:
        fail(name, f"{prim_path}: reads primvar {varname}, want {want['uv_set']}")


def check_material(name, stage, path, want, members):
    mat = UsdShade.Material(stage.GetPrimAtPath(path))
    if not mat:
        fail(name, f"no material at {path}")
        return
    surface = mat.ComputeSurfaceSource()[0]
    if not surface or surface.GetIdAttr().Get() != "UsdPreviewSurface":
        fail(name, f"{path}: surface is not a UsdPreviewSurface")
        return
    expected_inputs = set(want)
    for inp in surface.GetInputs():
        n = inp.GetBaseName()
        if n not in expected_inputs and (inp.Get() is not None or source(inp)):
            fail(name, f"{path}: unexpected input {n}")
    for n, w in want.items():
        inp = surface.GetInput(n)
        src = source(inp) if inp else None
        if "value" in w:
            if src is not None:
                fail(name, f"{path}.{n}: connected, want the value {w['value']}")
            elif inp is None or inp.Get() is None:
                fail(name, f"{path}.{n}: not authored, want {w['value']}")
            else:
                v = inp.Get()
                v = list(v) if hasattr(v, "__len__") else v
                if not close(v, w["value"]):
                    fail(name, f"{path}.{n} = {v}, want {w['value']}")
            continue
        t = w["texture"]
        if src is None:
            fail(name, f"{path}.{n}: not connected to a texture")
            continue
        tex, out = src
        if out != t["output"]:
            fail(name, f"{path}.{n}: reads output {out}, want {t['output']}")
        sh = UsdShade.Shader(tex)
        if sh.GetIdAttr().Get() != "UsdUVTexture":
            fail(name, f"{path}.{n}: source is {sh.GetIdAttr().Get()}")
            continue
        f = input_value(sh, "file", None)
        file = f.path if f is not None else None
        data = members.get(file)
        if data is None:
            fail(name, f"{path}.{n}: texture {file} is not in the package")
        elif "crc32" in t and zlib.crc32(data) != t["crc32"]:
            fail(name, f"{path}.{n}: {file} is not the glTF image's bytes")
        elif "png_size" in t and png_size(data) != t["png_size"]:
            fail(name, f"{path}.{n}: {file} is not a {t['png_size']} PNG")
        if data is not None and "normal_samples" in t:
            w, h, ch, rows = png_pixels(data)
            for x, y, rgb in t["normal_samples"]:
                got = list(rows[y][x * ch:x * ch + 3])
                if any(abs(g - e) > 1 for g, e in zip(got, rgb)):
                    fail(name, f"{path}.{n}: baked normal at ({x},{y}) is {got}, glTF's scaled normal is {rgb}")
        for key, default in [("scale", (1, 1, 1, 1)), ("bias", (0, 0, 0, 0))]:
            v = list(input_value(sh, key, default))
            if not close(v, t[key]):
                fail(name, f"{path}.{n}: {key} {v}, want {t[key]}")
        cs = input_value(sh, "sourceColorSpace", "auto")
        if cs != t["color_space"]:
            fail(name, f"{path}.{n}: sourceColorSpace {cs}, want {t['color_space']}")
        wraps = [input_value(sh, "wrapS", "useMetadata"), input_value(sh, "wrapT", "useMetadata")]
        if wraps != t["wrap"]:
            fail(name, f"{path}.{n}: wrap {wraps}, want {t['wrap']}")
        st_source(name, tex, t, f"{path}.{n}")


# The ARKit rules of usd-core's former UsdUtils.ComplianceChecker(arkit=True) (removed before
# 26.11, which has no ARKit validators), as far as they apply to what roomfit writes. Its rule
# that the root layer be .usdc is not checked: roomfit writes a .usda root layer on purpose.
ARKIT_PRIM_TYPES = {"", "Scope", "Xform", "Camera", "Shader", "Material", "Mesh", "Sphere",
                    "Cube", "Cylinder", "Cone", "Capsule", "GeomSubset", "Points", "SkelRoot",
                    "Skeleton", "SkelAnimation", "BlendShape", "SpatialAudio"}
ARKIT_SHADER_IDS = {"UsdPreviewSurface", "UsdUVTexture", "UsdTransform2d"} | {
    f"UsdPrimvarReader_{t}" for t in ("float", "float2", "float3", "float4", "int", "string",
                                      "normal", "point", "vector", "matrix")}
ARKIT_EXTENSIONS = {"usda", "usdc", "usd", "png", "jpg", "jpeg", "m4a", "mp3", "wav"}


def arkit_rules(name, stage, members):
    for member in members:
        if member.rsplit(".", 1)[-1].lower() not in ARKIT_EXTENSIONS:
            fail(name, f"ARKit: {member} has a file type ARKit does not allow")
    for prim in stage.Traverse():
        if prim.GetTypeName() not in ARKIT_PRIM_TYPES:
            fail(name, f"ARKit: {prim.GetPath()} is a {prim.GetTypeName()}")
        if prim.IsA(UsdShade.Shader):
            sid = UsdShade.Shader(prim).GetIdAttr().Get()
            if sid not in ARKIT_SHADER_IDS:
                fail(name, f"ARKit: shader {prim.GetPath()} is {sid}")
            if sid == "UsdUVTexture":
                src = source(UsdShade.Shader(prim).GetInput("st"))
                kind = UsdShade.Shader(src[0]).GetIdAttr().Get() if src else None
                if kind not in ("UsdPrimvarReader_float2", "UsdTransform2d"):
                    fail(name, f"ARKit: texture {prim.GetPath()} st comes from {kind}")
        if prim.IsA(UsdGeom.Mesh):
            bound = UsdShade.MaterialBindingAPI(prim).ComputeBoundMaterial()[0]
            if not bound:
                fail(name, f"ARKit: mesh {prim.GetPath()} has no material")


def check_case(case):
    name = case["name"]
    members = check_zip(name, case["usdz"], case)
    got_textures = sorted(m for m in members if m != case["root_layer"])
    if len(got_textures) != case["texture_files"]:
        fail(name, f"{len(got_textures)} texture files, want {case['texture_files']} (one per distinct image)")
    stage = Usd.Stage.Open(case["usdz"])
    errors, warnings = validate(stage)
    for e in errors:
        fail(name, f"validation error: {e}")
    if UsdGeom.GetStageMetersPerUnit(stage) != 1.0:
        fail(name, "metersPerUnit is not 1")
    if UsdGeom.GetStageUpAxis(stage) != "Y":
        fail(name, "upAxis is not Y")
    if not stage.GetDefaultPrim() or stage.GetDefaultPrim().GetPath() != "/Root":
        fail(name, "defaultPrim is not /Root")
    label = stage.GetRootLayer().customLayerData.get("roomfitVariant")
    if label != case["variant"]:
        fail(name, f"roomfitVariant {label!r}, want {case['variant']!r}")
    cache = UsdGeom.BBoxCache(Usd.TimeCode.Default(), [UsdGeom.Tokens.default_])
    box = cache.ComputeWorldBound(stage.GetPrimAtPath("/Root")).ComputeAlignedRange()
    lo, hi = list(box.GetMin()), list(box.GetMax())
    if not all(abs(a - b) <= 1e-3 for a, b in zip(lo + hi, case["bounds"][0] + case["bounds"][1])):
        fail(name, f"bounds {lo}..{hi} m, glTF says {case['bounds'][0]}..{case['bounds'][1]}")
    meshes = [p for p in stage.Traverse() if p.IsA(UsdGeom.Mesh)]
    if len(meshes) != len(case["meshes"]):
        fail(name, f"{len(meshes)} meshes, want {len(case['meshes'])}")
    for w in case["meshes"]:
        prim = stage.GetPrimAtPath(w["path"])
        mesh = UsdGeom.Mesh(prim)
        if not mesh:
            fail(name, f"no mesh at {w['path']}")
            continue
        pts = mesh.GetPointsAttr().Get()
        counts = mesh.GetFaceVertexCountsAttr().Get()
        if len(pts) != w["points"] or len(counts) != w["triangles"] or set(counts) - {3}:
            fail(name, f"{w['path']}: {len(pts)} points / {len(counts)} faces, want {w['points']} / {w['triangles']} triangles")
        bound = UsdShade.MaterialBindingAPI(prim).ComputeBoundMaterial()[0]
        if not bound or str(bound.GetPath()) != w["material"]:
            fail(name, f"{w['path']}: bound to {bound.GetPath() if bound else None}, want {w['material']}")
        if bool(mesh.GetDoubleSidedAttr().Get()) != w["double_sided"]:
            fail(name, f"{w['path']}: doubleSided is not {w['double_sided']}")
        if mesh.GetSubdivisionSchemeAttr().Get() != "none":
            fail(name, f"{w['path']}: subdivisionScheme is not none")
        for key, primvar in [("uv0", "st"), ("uv1", "st1")]:
            pv = UsdGeom.PrimvarsAPI(prim).GetPrimvar(primvar)
            if w[key] is None:
                if pv and pv.HasValue():
                    fail(name, f"{w['path']}: unexpected primvar {primvar}")
                continue
            if not pv or pv.GetInterpolation() != "vertex":
                fail(name, f"{w['path']}: primvar {primvar} missing or not per vertex")
                continue
            st = pv.Get()
            u, v = w[key]
            if len(st) != w["points"] or not close(list(st[0]), [u, 1 - v], 1e-5):
                fail(name, f"{w['path']}: {primvar}[0] = {st[0] if len(st) else None}, want ({u}, {1 - v}) from glTF uv ({u}, {v})")
    for path, want in case["materials"].items():
        check_material(name, stage, path, want, members)
    arkit_rules(name, stage, members)
    return len(errors), warnings


def main():
    spec = json.load(open(sys.argv[1]))
    total_errors, total_warnings, warning_kinds = 0, 0, {}
    for case in spec["cases"]:
        errors, warnings = check_case(case)
        total_errors += errors
        total_warnings += len(warnings)
        for w in warnings:
            kind = w.split(":")[0]
            warning_kinds[kind] = warning_kinds.get(kind, 0) + 1
        print(f"{case['name']}: {errors} validation errors, {len(warnings)} warnings", file=sys.stderr)
        for w in warnings:
            print(f"  warning: {w}", file=sys.stderr)
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    print(json.dumps({"cases": len(spec["cases"]), "errors": total_errors, "warnings": total_warnings,
                      "warning_kinds": warning_kinds, "failures": len(failures)}))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
