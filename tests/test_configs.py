"""Every shipped config builds without pretrained weights or data."""
import glob
import json
import os.path as osp
import re
import sys

import pytest
from mmaction.registry import MODELS
from mmengine.config import Config

from conftest import REPO

CONFIGS = sorted(p for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'), recursive=True)
                 if '_base_' not in p)


@pytest.mark.parametrize('path', CONFIGS, ids=lambda p: osp.relpath(p, REPO))
def test_config_builds(path):
    cfg = Config.fromfile(path)
    model = MODELS.build(cfg.model)
    head = cfg.model.cls_head
    assert model.cls_head.num_classes == head.num_classes
    if cfg.model.type == 'ARTRecognizer':
        assert any(h.type == 'TextBankEMAHook' for h in cfg.get('custom_hooks', [])) \
            or head.get('loss_text') is None


# the keys MMAction2's own metafiles use (and modelindex reads)
STANDARD_MODEL_KEYS = {'Name', 'In Collection', 'Config', 'Metadata', 'Modality', 'Results',
                       'Training Log', 'Weights', 'Converted From', 'Alias'}
STANDARD_METADATA_KEYS = {'Architecture', 'Batch Size', 'Epochs', 'FLOPs', 'Parameters',
                          'Frame', 'Pretrained', 'Resolution', 'Sampling method',
                          'Training Data', 'Training Resources', 'Training BatchNorm',
                          'Training Techniques', 'Inference time (ms/im)'}


def test_metafile_lists_every_real_data_config_with_standard_keys_only():
    import yaml
    with open(osp.join(REPO, 'configs', 'metafile.yml')) as f:
        index = yaml.safe_load(f)
    models = {m['Name']: m for m in index['Models']}
    listed = {m['Config'] for m in models.values()}
    top_level = {osp.relpath(p, REPO) for p in glob.glob(osp.join(REPO, 'configs', '*.py'))
                 if 'synthetic' not in p}  # synthetic protocols live in docs/benchmarks.md
    assert listed == top_level
    collections = {c['Name']: c for c in index['Collections']}
    for name, model in models.items():
        assert name == osp.splitext(osp.basename(model['Config']))[0]
        assert set(model) <= STANDARD_MODEL_KEYS, (name, set(model) - STANDARD_MODEL_KEYS)
        metadata = model['Metadata']
        assert set(metadata) <= STANDARD_METADATA_KEYS, (name, set(metadata) - STANDARD_METADATA_KEYS)
        for field in ('Architecture', 'Batch Size', 'Epochs', 'FLOPs', 'Parameters',
                      'Training Data'):
            assert field in metadata, (name, field)
        # MMAction2's formats: "310G", "123.1M"
        assert re.fullmatch(r'\d+(\.\d)?G', metadata['FLOPs']), metadata['FLOPs']
        assert re.fullmatch(r'\d+(\.\d)?M', metadata['Parameters']), metadata['Parameters']
        # nothing of ours is trained on these datasets: no weights, results or resources
        assert not {'Weights', 'Results', 'Training Log'} & set(model), name
        assert 'Training Resources' not in metadata, name
        # each model cites its own paper: ART's, or the baseline backbone's
        collection = collections[model['In Collection']]
        if name.startswith('art_'):
            assert model['In Collection'] == 'ART', name
        else:
            family = collection['Name'].split('-')[-1].lower()
            assert family[:3] in (metadata['Architecture'] + name).lower().replace(' ', ''), \
                (name, collection['Name'])
        if 'UniFormerV2' in metadata['Architecture']:
            assert metadata['Pretrained'].startswith('Kinetics-400'), name


def test_model_index_shows_flops_and_parameters_to_mim():
    import modelindex
    index = modelindex.load(osp.join(REPO, 'model-index.yml'))
    model = {m.name: m for m in index.models}['art_uniformerv2_finegym']
    assert (model.metadata.flops, model.metadata.parameters) == ('310G', '123.1M')
    assert model.in_collection == 'ART' and not model.results


def test_model_index_names_do_not_clash_with_mmaction2():
    """Loading MMAction2's index beside ours (as mim does) finds no name twice."""
    import mmaction
    import modelindex
    ours = modelindex.load(osp.join(REPO, 'model-index.yml'))
    index = osp.join(osp.dirname(mmaction.__file__), '.mim', 'model-index.yml')
    if not osp.isfile(index):
        pytest.skip('this mmaction2 install ships no model index')
    theirs = modelindex.load(index)
    for kind in ('models', 'collections'):
        a = [m.name for m in getattr(ours, kind)]
        b = {m.name for m in getattr(theirs, kind)}
        assert len(a) == len(set(a)) and b, kind
        assert not set(a) & b, (kind, set(a) & b)


def test_top_level_path_override_reaches_the_dataloaders_and_the_bank():
    from art_mmaction.engine import apply_cfg_options
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'art_uniformerv2-tiny_synthetic.py'))
    rewritten = apply_cfg_options(cfg, {'synthetic_root': 'data/other'}, 'art.py')
    assert cfg.train_dataloader.dataset.ann_file == 'data/other/train.txt'
    assert cfg.val_dataloader.dataset.data_prefix.video == 'data/other/videos'
    assert cfg.test_dataloader.dataset.ann_file == 'data/other/test.txt'
    assert cfg.model.cls_head.bank.bank_file == 'data/other/text_bank.pth'
    assert cfg.class_names_file == 'data/other/classnames.txt'
    assert 'train_dataloader.dataset.ann_file' in rewritten
    # a later, more specific option still wins
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py'))
    apply_cfg_options(cfg, {'data_root': 'x/videos', 'val_dataloader.dataset.ann_file': 'v.txt'},
                      'b.py')
    assert cfg.train_dataloader.dataset.data_prefix.video == 'x/videos'
    assert cfg.val_dataloader.dataset.ann_file == 'v.txt'
    assert cfg.train_dataloader.dataset.ann_file == 'data/synthetic/train.txt'


@pytest.mark.parametrize('option, named', [
    ({'num_classes': 16}, 'model.cls_head.num_classes'),
    ({'max_epochs': 5}, 'train_cfg.max_epochs')])
def test_substituted_non_path_variable_is_refused_naming_the_keys(option, named):
    from art_mmaction.engine import apply_cfg_options
    cfg = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py'))
    with pytest.raises(KeyError, match=f'already substituted.*{named}'):
        apply_cfg_options(cfg, option, 'b.py')


def test_paper_scale_uniformerv2_configs_share_the_clip_finetuning_recipe():
    """Baseline and ART: MMAction2's UniFormerV2 AdamW recipe with warm-up."""
    recipes = []
    for name in ('uniformerv2_finegym.py', 'art_uniformerv2_finegym.py',
                 'uniformerv2-large_finegym.py', 'art_uniformerv2-large_finegym.py',
                 'art_uniformerv2_diving48.py'):
        cfg = Config.fromfile(osp.join(REPO, 'configs', name))
        optimizer = cfg.optim_wrapper.optimizer
        assert optimizer.type == 'AdamW' and optimizer.weight_decay == 0.05
        assert cfg.param_scheduler[0].type == 'LinearLR' and cfg.param_scheduler[0].end == 5
        assert cfg.param_scheduler[-1].end == cfg.train_cfg.max_epochs == 50
        assert cfg.auto_scale_lr.enable and cfg.auto_scale_lr.base_batch_size == 512
        recipes.append((cfg.optim_wrapper.to_dict(), [s.to_dict() for s in cfg.param_scheduler]))
    assert all(recipe == recipes[0] for recipe in recipes)
    tsm = Config.fromfile(osp.join(REPO, 'configs', 'art_tsm-r50_finegym.py'))
    assert tsm.optim_wrapper.optimizer.type == 'SGD' and 'custom_keys' not in \
        tsm.optim_wrapper.paramwise_cfg



APART = {'model.cls_head.prompt_init_std': 1.0, 'model.cls_head.loss_map_overlap.loss_weight': 1.0}
SALIENCY = {'model.cls_head.aggregation.mode': 'saliency'}


@pytest.mark.parametrize('config,setting', [
    ('art-recommended_uniformerv2-tiny_synthetic.py', {**SALIENCY, **APART}),
    ('ablations/art-tiny_synthetic_recommended-no-saliency.py', APART),
    ('ablations/art-tiny_synthetic_recommended-no-apart.py', SALIENCY)])
def test_recommended_tiny_art_and_its_leave_one_outs_train_the_searched_settings(config, setting):
    """Each is the tiny search base with exactly the listed parts switched on, so the test
    report trains the settings the validation search compared."""
    chosen = Config.fromfile(osp.join(REPO, 'configs', config))
    searched = Config.fromfile(osp.join(REPO, 'configs', 'ablations',
                                        'art-tiny_synthetic_add-one-search.py'))
    searched.merge_from_dict(setting)
    assert chosen.model == searched.model
    assert chosen.custom_hooks == searched.custom_hooks
    assert chosen.train_cfg == searched.train_cfg and chosen.optim_wrapper == searched.optim_wrapper


def test_longer_tiny_baseline_is_the_searched_schedule():
    longer = Config.fromfile(osp.join(REPO, 'configs', 'ablations', 'uniformerv2-tiny_synthetic_60e.py'))
    searched = Config.fromfile(osp.join(REPO, 'configs', 'uniformerv2-tiny_synthetic.py'))
    searched.merge_from_dict({'train_cfg.max_epochs': 60, 'param_scheduler.1.end': 60,
                              'param_scheduler.1.T_max': 58})
    assert longer.train_cfg == searched.train_cfg and longer.param_scheduler == searched.param_scheduler
    assert longer.model == searched.model and longer.optim_wrapper == searched.optim_wrapper


@pytest.mark.parametrize('path', [p for p in CONFIGS if 'synthetic' not in p],
                         ids=lambda p: osp.relpath(p, REPO))
def test_no_best_checkpoint_is_picked_on_the_list_it_is_reported_on(path):
    cfg = Config.fromfile(path)
    val, test = cfg.val_dataloader.dataset.ann_file, cfg.test_dataloader.dataset.ann_file
    if val == test:
        assert cfg.default_hooks.checkpoint.get('save_best') is None, (val, test)



# (validation search under docs/results, the config it searched from, the config that
# holds its choice now): each default is what its search chose, nothing else changed.
SEARCHED_DEFAULTS = [
    ('search_i3d_limb16_parts', 'ablations/art-i3d-k400-pre_synthetic_rssa-apart.py',
     'ablations/art-i3d-k400-pre_synthetic_lr2e-3.py'),
    ('search_i3d_limb16_art_lr', 'ablations/art-i3d-k400-pre_synthetic_lr2e-3.py',
     'art_i3d-inception-k400-pre_synthetic.py'),
    ('search_i3d_limb16_probe_lr', 'ablations/attentive-probe-i3d-k400-pre_synthetic_lr2e-3.py',
     'attentive-probe_i3d-inception-k400-pre_synthetic.py'),
]


@pytest.mark.parametrize('search_name, searched_from, default_file', SEARCHED_DEFAULTS,
                         ids=[entry[0] for entry in SEARCHED_DEFAULTS])
def test_frozen_i3d_defaults_are_what_their_validation_searches_chose(
        search_name, searched_from, default_file):
    """A search's first setting is the config it searched from (kept under its own name);
    the default is that config with the recorded choice, another setting, applied."""
    sys.path.insert(0, osp.join(REPO, 'tools', 'analysis_tools'))
    from run_seeds import parse_overrides
    with open(osp.join(REPO, 'docs', 'results', search_name, 'search.json')) as f:
        search = json.load(f)
    previous = osp.join(REPO, 'configs', searched_from)
    default = Config.fromfile(osp.join(REPO, 'configs', default_file))
    assert search['chosen'] != search['settings'][0]['overrides']  # the search moved the default
    for overrides, expected in ((search['settings'][0]['overrides'], Config.fromfile(previous)),
                                (search['chosen'], default)):
        searched = Config.fromfile(previous)
        searched.merge_from_dict(parse_overrides(overrides))
        for key in ('model', 'custom_hooks', 'optim_wrapper', 'train_cfg', 'param_scheduler'):
            assert searched[key] == expected[key], (overrides, key)


CONTROL_CHANGES = {'no-text': {'model.cls_head.query_semantics': 'learned'},
                   'shuffled-names': {'model.cls_head.bank.bank_file':
                                      'data/other/text_bank_shuffled-names.pth'},
                   'random-bank': {'model.cls_head.bank.bank_file':
                                   'data/other/text_bank_random.pth'}}


@pytest.mark.parametrize('head_file', [
    'art_i3d-inception-k400-pre_synthetic.py',
    'ablations/art-i3d-k400-pre_synthetic_rssa-apart.py'])
@pytest.mark.parametrize('control', sorted(CONTROL_CHANGES))
def test_each_text_control_changes_only_its_one_key_of_its_head(head_file, control):
    """The control is its head with one change, and its bank follows ``synthetic_root``
    like the head's own bank does."""
    from art_mmaction.engine import apply_cfg_options
    from art_mmaction.engine.config_checks import _leaves
    control_file = (f'controls/{osp.splitext(osp.basename(head_file))[0]}_{control}.py'
                    if head_file.startswith('art_') else
                    f'controls/art-i3d-k400-pre_synthetic_{control}.py')

    def leaves(name):
        cfg = Config.fromfile(osp.join(REPO, 'configs', name))
        apply_cfg_options(cfg, {'synthetic_root': 'data/other'}, name)
        return {where: container[key] for container, key, where in _leaves(cfg.to_dict())}

    head, changed = leaves(head_file), leaves(control_file)
    differences = {k: changed.get(k) for k in set(head) | set(changed)
                   if head.get(k) != changed.get(k)}
    assert differences == CONTROL_CHANGES[control]
