"""The code a run's script reads an uploaded file with, as templates (script_upload.py fills them).

Each reader does what the server's did when the file was uploaded: tables.py for a CSV, npz.py
for an NPZ, images.py for a ZIP of image folders.
"""

DATA_PATH = '''
def data_path():
    """The uploaded file: DATA_FILE, or the path given on the command line instead."""
    path = Path(DATA_FILE)
    if not path.is_file():
        sys.exit(
            f"{path} not found: give the path of the file you uploaded to TorchCanvas, "
            f"as in: python {shlex.quote(Path(sys.argv[0]).name)} {shlex.quote('path/to/' + path.name)}"
        )
    return path
'''

CSV_READER = '''
def separator(line):
    """";" where the header has more semicolons than commas outside quotes (a spreadsheet's CSV
    where a comma is the decimal point, "1,5"), else ","."""
    counts, quoted = {",": 0, ";": 0}, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char in counts and not quoted:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def decimal_point(cell, sep):
    """In a semicolon-separated file a number with a decimal comma, "1,5", as "1.5"."""
    if sep == ";" and re.fullmatch(r"[+-]?\\d*,\\d+(?:[eE][+-]?\\d+)?", cell):
        return cell.replace(",", ".")
    return cell


def missing(cell):
    """Whether a cell says it has no value (one of MISSING, any case; -nan too)."""
    lowered = cell.lower()
    return lowered in MISSING or lowered.lstrip("+-") == "nan"


def read_csv(path):
    """The feature columns as (N, F) float64 (float32 once standardised: it holds 1e9 + 150
    only as 1e9 + 128) and the target column as text, by their names; the rows with a missing
    value among them left out where the upload left them out (LEAVE_OUT_MISSING)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        sep = separator(f.readline())
        f.seek(0)
        rows = csv.reader(f, delimiter=sep)
        header = [name.strip() for name in next(rows, [])]
        for name in [*FEATURES, TARGET]:
            if name not in header:
                sys.exit(
                    f"{path} has no column `{name}`: give the CSV you uploaded, with its header."
                )
        columns, target = [header.index(name) for name in FEATURES], header.index(TARGET)
        x, labels = [], []
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue  # blank lines are skipped
            cells = [decimal_point(row[i].strip(), sep) for i in [*columns, target]]
            if LEAVE_OUT_MISSING and any(missing(cell) for cell in cells):
                continue
            x.append([float(cell) for cell in cells[:-1]])
            labels.append(cells[-1])
    return np.array(x, dtype=np.float64).reshape(-1, len(FEATURES)), labels


def targets(labels):
    """A regression target: (N,) text -> (N, 1) float64, float32 once standardised."""
    return np.array([float(label) for label in labels], dtype=np.float64).reshape(-1, 1)
'''

NPZ_READER = '''
def read_npz(path):
    """Its arrays x (as float32; bytes stay bytes, images) and y, never unpickled."""
    with np.load(path, allow_pickle=False) as npz:
        x, y = npz["x"], npz["y"]
    x = x if x.dtype == np.uint8 else x.astype(np.float32)
    return (x[:, None] if x.ndim == 1 else x), y  # (N,) -> (N, 1): one feature a sample
'''

# A 16-bit picture, and a transparent one, as training read them (data/images.py eight_bit and
# on_white): the ZIP reader's, and the bundle README's lines for a picture.
EIGHT_BIT = '''def eight_bit(image):
    """A 16-bit image's levels (0 to 65535) scaled to 0..255; any other image as it is."""
    if image.mode not in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        return image
    levels = np.asarray(image, dtype=np.float64)
    if image.mode == "I" and levels.max(initial=0) <= 255:
        return image  # levels already in 0..255
    return Image.fromarray(np.clip(np.round(levels / 257), 0, 255).astype(np.uint8), "L")


def on_white(image):
    """A picture with transparency laid over white, as a browser shows it; any other as it is."""
    # Pillow's has_transparency_data, spelt out: it came in Pillow 10.1.
    if image.mode not in ("RGBA", "RGBa", "LA", "La", "PA") and "transparency" not in image.info:
        return image
    picture = image.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture)
'''

ZIP_READER = '''
_TURNS = {  # EXIF orientation -> the turn that makes a photo upright
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


{eight_bit}

def read_image(data):
    """One image file -> (C, IMAGE_SIZE, IMAGE_SIZE) bytes: upright, in MODE, resized BILINEAR."""
    with Image.open(io.BytesIO(data)) as opened:
        turn = _TURNS.get(opened.getexif().get(0x0112))
        opened.draft(MODE, (IMAGE_SIZE, IMAGE_SIZE))  # JPEG: decoded small
        image = on_white(eight_bit(opened)).convert(MODE)
        if turn is not None:
            image = image.transpose(turn)
        image = image.resize((IMAGE_SIZE, IMAGE_SIZE), Image.Resampling.BILINEAR)
        pixels = np.asarray(image, dtype=np.uint8)
    return pixels[None] if pixels.ndim == 2 else pixels.transpose(2, 0, 1)  # (H, W, C) -> (C, H, W)


def read_zip(path):
    """The images (N, C, H, W) and their labels: the folder each image is in."""
    with zipfile.ZipFile(path) as archive:
        files = []
        for member in archive.infolist():
            parts = [p for p in member.filename.replace("\\\\", "/").split("/") if p not in ("", ".")]
            junk = parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts)
            if member.is_dir() or junk or parts[-1].lower() in ("thumbs.db", "desktop.ini"):
                continue  # what operating systems add to archives
            files.append((parts, member))
        if len({parts[0] for parts, _ in files}) == 1 and all(len(p) >= 3 for p, _ in files):
            files = [(parts[1:], member) for parts, member in files]  # one folder around them all
        x = np.stack([read_image(archive.read(member)) for _, member in files])
    return x, [parts[0] for parts, _ in files]
'''.replace("{eight_bit}", EIGHT_BIT.rstrip("\n"))

LABELS = '''
# Class i is CLASSES[i], as TorchCanvas numbered them (sorted, or in the order the upload chose).
CLASSES = {classes}
NUMBERED = {numbered!r}  # True: the labels are numbers, and 3.0 is class "3"


def class_name(label):
    if not NUMBERED:
        return str(label)
    value = float(label)
    return str(int(value)) if value.is_integer() else str(value)


def class_numbers(labels):
    """(N,) labels -> (N,) int64 class numbers: each one's place in CLASSES."""
    place = {{name: i for i, name in enumerate(CLASSES)}}
    names = [class_name(label) for label in labels]
    for name in names:
        if name not in place:
            sys.exit(f"The label {{name!r}} is not one of the run's classes {{CLASSES}}.")
    return np.array([place[name] for name in names], dtype=np.int64)
'''
