"""chexview's PyTorch side: the one CheXNet definition (chexnet.py), model packages and the
checkpoint converters (build_package.py, checkpoint.py), training (train.py, training_data.py,
labels.py, runtime.py, auroc.py), the worker process of the "worker" engine (worker.py,
PROTOCOL.md) and the Python references the tests compare against (reference.py, preprocess.py,
bench_python.py).

The modules are run as scripts by the C++ side (`chexview-cli train`, `chexview-cli convert`,
the worker engine) and import their siblings by name, so the folder works both from the
checkout and installed (/usr/share/chexview/pytorch/chexview_pytorch), with nothing else on
sys.path.
"""
