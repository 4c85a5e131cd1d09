import sys, base64, shutil
from pathlib import Path
sys.path[:0] = ["tests"]
import nbformat
from projects import make_project, tiny_png
from builders import words
from report_nb.notebook.pairing import write_pair
from report_nb.build.builder import build

def figure_cell(names, rgb):
    outputs = [nbformat.v4.new_output("display_data", data={"image/png": base64.b64encode(tiny_png(rgb)).decode(), "text/plain": "<Figure>"}) for _ in names]
    return nbformat.v4.new_code_cell("show()", metadata={"report_nb": {"figure": list(names)}}, outputs=outputs)

root = Path(sys.argv[1]); shutil.rmtree(root, ignore_errors=True)
nb_path = make_project(root, answers={14: words(250)}, code={14: [figure_cell(["curves", "loss"], (1, 2, 3))]})
r = build(nb_path, execute=False, progress=False)
print(r.written, r.removed)
nb = nbformat.read(nb_path, 4)
for c in nb.cells:
    if c.cell_type == "code": c.update(figure_cell(["curves", "acc"], (9, 9, 9)))
    if c.metadata.get("report_nb", {}).get("question") == 5 and c.metadata["report_nb"]["kind"] == "answer":
        c.source = c.source.replace("word1 ", "changed1 ")
write_pair(nb, nb_path, force=True)
