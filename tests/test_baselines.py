"""The baselines that read what the ART head reads, and the text controls inside ART."""
import os.path as osp

import pytest
import torch
import torch.nn.functional as F
from mmaction.registry import MODELS
from mmengine.config import Config

from conftest import REPO, random_bank, tiny_art_cfg

TOKENS = dict(num_classes=4, in_channels=16, token_channels=12)


def feats(n=3, T=3, L=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 16, generator=g), torch.randn(n, T, L, 12, generator=g)


def samples(labels):
    from mmaction.structures import ActionDataSample
    return [ActionDataSample().set_gt_label(torch.tensor(y)) for y in labels]


def probe_head(**kwargs):
    torch.manual_seed(0)
    config = dict(type='AttentiveProbeHead', **TOKENS, embed_dims=16, num_tokens=4,
                  num_frames=3, num_layers=2, num_heads=2)
    head = MODELS.build(dict(config, **kwargs))
    head.init_weights()
    return head


def test_attentive_probe_attends_over_all_frames_and_every_parameter_learns():
    head = probe_head()
    out = head.forward_probe(feats())
    assert out['logits'].shape == (3, 4) and out['attention'].shape == (3, 2, 3, 4)
    # one distribution over all T x L tokens per query, not one per frame
    assert torch.allclose(out['attention'].sum(dim=(2, 3)), torch.ones(3, 2), atol=1e-5)
    assert not torch.allclose(out['attention'].sum(dim=3), torch.full((3, 2, 3), 1.0), atol=1e-2)
    losses = head.loss(feats(), samples([0, 1, 2]))
    assert {'loss_cls', 'loss_cls_global', 'top1_acc'} <= set(losses)
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    unused = [n for n, p in head.named_parameters() if p.grad is None]
    assert not unused, unused  # DDP with find_unused_parameters=False
    assert not any('bank' in name or 'text' in name for name in head.state_dict())


def test_attentive_probe_tells_frame_order_apart_and_its_losses_match_by_hand():
    x_cls, tokens = feats()
    # attention over a set of tokens: without the time embedding, frame order is invisible
    timeless = probe_head(dropout_ratio=0.0, layer_dropout=0.0, num_frames=0).eval()
    assert torch.allclose(timeless((x_cls, tokens)), timeless((x_cls, tokens.flip(1))), atol=1e-6)
    head = probe_head(dropout_ratio=0.0, layer_dropout=0.0, label_smooth_eps=0.1).eval()
    with torch.no_grad():
        head.time_embed.normal_(0, 1.0)
    assert not torch.allclose(head((x_cls, tokens)), head((x_cls, tokens.flip(1))), atol=1e-3)
    out = head.forward_probe((x_cls, tokens))
    losses = head.loss((x_cls, tokens), samples([0, 1, 3]))
    target = 0.9 * F.one_hot(torch.tensor([0, 1, 3]), 4) + 0.1 / 4
    by_hand = [-(target * F.log_softmax(out[k], -1)).sum(-1).mean()
               for k in ('logits', 'logits_global')]
    assert torch.allclose(losses['loss_cls'], by_hand[0], atol=1e-5)
    assert torch.allclose(losses['loss_cls_global'], by_hand[1], atol=1e-5)


def test_time_ordered_linear_head_is_one_linear_map_of_the_frames_in_order():
    torch.manual_seed(0)
    head = MODELS.build(dict(type='TimeOrderedLinearHead', **TOKENS, num_frames=3))
    head.init_weights()
    x_cls, tokens = feats()
    by_hand = torch.cat([x_cls, tokens[:, 0].mean(1), tokens[:, 1].mean(1), tokens[:, 2].mean(1)],
                        dim=1) @ head.fc_cls.weight.t() + head.fc_cls.bias
    assert torch.allclose(head((x_cls, tokens)), by_hand, atol=1e-5)
    assert not torch.allclose(head((x_cls, tokens.flip(1))), by_hand, atol=1e-4)
    # a spatial permutation within frames changes nothing: it pools space only
    assert torch.allclose(head((x_cls, tokens.flip(2))), by_hand, atol=1e-5)
    with pytest.raises(ValueError, match='num_frames=3.*got 4'):
        head(feats(T=4))


def test_learned_queries_take_the_text_out_of_the_tracklets(tmp_path):
    random_bank(tmp_path / 'a.pth', seed=0)
    random_bank(tmp_path / 'b.pth', seed=1)
    logits = {}
    for mode in ('text', 'learned'):
        for bank in ('a', 'b'):
            torch.manual_seed(0)
            model = MODELS.build(tiny_art_cfg(tmp_path / f'{bank}.pth', query_semantics=mode,
                                              dropout_ratio=0.0, layer_dropout=0.0))
            model.init_weights()
            model.eval()
            torch.manual_seed(1)
            logits[mode, bank] = model.cls_head(model.extract_feat(torch.randn(2, 1, 3, 8, 64, 64))[0])
    assert not torch.allclose(logits['text', 'a'], logits['text', 'b'], atol=1e-5)
    assert torch.allclose(logits['learned', 'a'], logits['learned', 'b'], atol=1e-6)


def test_learned_queries_leave_no_unused_trainable_parameter(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', query_semantics='learned'))
    model.init_weights()
    assert not model.cls_head.text_proj.weight.requires_grad
    losses = model.loss(torch.randn(2, 1, 3, 8, 64, 64), samples([0, 1]))
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    unused = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
    assert not unused, unused
    assert model.cls_head.learned_semantics.grad.abs().sum() > 0
    with pytest.raises(ValueError, match="query_semantics must be 'text' or 'learned'"):
        MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', query_semantics='words'))


def test_control_banks_keep_shape_and_norms_and_nothing_else():
    from art_mmaction.text.controls import control_bank, derangement
    g = torch.Generator().manual_seed(0)
    real = torch.randn(3, 6, 8, generator=g)
    meta = dict(class_names=[f'name {i}' for i in range(6)])
    shuffled, shuffled_meta = control_bank(real, meta, 'shuffled-names', seed=4)
    order = torch.tensor(shuffled_meta['name_order'])
    assert torch.equal(order, derangement(6, 4)) and not (order == torch.arange(6)).any()
    assert torch.equal(shuffled, real[:, order])
    assert shuffled_meta['class_names'] == [f'name {int(i)}' for i in order]
    random, random_meta = control_bank(real, meta, 'random', seed=4)
    assert torch.allclose(random.norm(dim=-1), real.norm(dim=-1), atol=1e-5)
    assert F.cosine_similarity(random, real, dim=-1).abs().mean() < 0.5
    assert torch.equal(random, control_bank(real, meta, 'random', seed=4)[0])
    assert random_meta['control'] == 'random' and meta == dict(class_names=meta['class_names'])
    with pytest.raises(ValueError, match='>= 2 classes'):
        derangement(1, 0)


def test_control_bank_tool_writes_a_loadable_bank(tmp_path):
    import sys
    from art_mmaction.text import load_bank
    from conftest import run_tool
    real = random_bank(tmp_path / 'bank.pth', num_classes=4)
    result = run_tool(sys.executable, osp.join(REPO, 'tools', 'data', 'control_text_bank.py'),
                      tmp_path / 'bank.pth', tmp_path / 'shuffled.pth', '--control',
                      'shuffled-names', '--seed', '0')
    assert result.returncode == 0, result.stderr[-2000:]
    embeddings, meta = load_bank(str(tmp_path / 'shuffled.pth'))
    assert torch.allclose(embeddings, real[:, meta['name_order']])
    assert meta['control_of'] == str(tmp_path / 'bank.pth')


# (twin, its ART config, the config whose optimisation it shares): the attentive probes
# train as their ART head does (on frozen I3D each learning rate was searched on validation
# and both chose 1e-3), the time-ordered linear probe as the pooled linear probe does.
@pytest.mark.parametrize('twin, art, optimised_as', [
    ('attentive-probe_i3d-inception-k400-pre_synthetic.py', 'art_i3d-inception-k400-pre_synthetic.py',
     'art_i3d-inception-k400-pre_synthetic.py'),
    ('time-ordered-probe_i3d-inception-k400-pre_synthetic.py', 'art_i3d-inception-k400-pre_synthetic.py',
     'i3d-inception-k400-pre_synthetic.py'),
    ('attentive-probe_uniformerv2-tiny_synthetic.py', 'art-recommended_uniformerv2-tiny_synthetic.py',
     'art-recommended_uniformerv2-tiny_synthetic.py')])
def test_baseline_twins_differ_from_their_art_config_only_in_the_head(twin, art, optimised_as):
    twin_cfg = Config.fromfile(osp.join(REPO, 'configs', twin))
    art_cfg = Config.fromfile(osp.join(REPO, 'configs', art))
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader', 'train_cfg',
                'param_scheduler', 'randomness'):
        assert twin_cfg[key] == art_cfg[key], key
    assert twin_cfg.model.backbone == art_cfg.model.backbone  # same features, same cache
    assert twin_cfg.optim_wrapper == Config.fromfile(
        osp.join(REPO, 'configs', optimised_as)).optim_wrapper
    head, art_head = twin_cfg.model.cls_head, art_cfg.model.cls_head
    for key in ('in_channels', 'num_tokens', 'num_frames'):
        assert head.get(key, art_head[key]) == art_head[key] or key == 'num_tokens' \
            and head.type == 'TimeOrderedLinearHead', key
    if head.type == 'AttentiveProbeHead':
        assert (head.embed_dims, head.num_layers, head.num_heads, head.ffn_ratio,
                head.dropout_ratio, head.num_queries) == (
            art_head.embed_dims, art_head.rssa_layers, art_head.num_heads,
            art_head.get('ffn_ratio', 4.0), art_head.dropout_ratio, art_head.num_tracklets)


def test_time_ordered_features_for_the_linear_ceiling_keep_x_cls_and_each_frame(tmp_path,
                                                                               synthetic_data):
    from art_mmaction.apis import extract_features
    from conftest import TINY_ART
    random_bank(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth'))
    model.init_weights()
    model.eval()
    cfg = Config.fromfile(TINY_ART)
    dataset = dict(cfg.val_dataloader.dataset, ann_file=synthetic_data['ann_file_val'],
                   data_prefix=dict(video=synthetic_data['data_root']), test_mode=True)
    pooled = extract_features(model, dataset, max_clips=3)
    ordered = extract_features(model, dataset, max_clips=3, time_ordered=True)
    assert pooled['features'].shape == (3, 64) and ordered['features'].shape == (3, 64 + 8 * 64)
    assert torch.allclose(ordered['features'][:, :64], pooled['features'], atol=1e-5)
    assert torch.equal(ordered['labels'], pooled['labels'])
