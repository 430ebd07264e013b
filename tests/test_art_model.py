"""The ART model: shapes, gradients, label-free top-K, bank state, errors."""
import pytest
import torch
from mmaction.registry import MODELS
from mmaction.structures import ActionDataSample
from mmengine.config import Config

from art_mmaction.engine import TextBankEMAHook
from conftest import TINY_ART, TINY_BASELINE, random_bank, tiny_art_cfg


def samples(labels):
    return [ActionDataSample().set_gt_label(torch.tensor(y)) for y in labels]


@pytest.fixture
def model(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    m = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth'))
    m.init_weights()
    return m


def clip(n=2, views=1):
    return torch.randn(n, views, 3, 8, 64, 64)


def test_backbone_returns_tokens_and_loads_uniformerv2_state_dict():
    cfg = Config.fromfile(TINY_BASELINE).model
    plain = MODELS.build(cfg.backbone)
    tokens_backbone = MODELS.build(dict(cfg.backbone, type='UniFormerV2WithTokens'))
    result = tokens_backbone.load_state_dict(plain.state_dict(), strict=True)
    assert not result.missing_keys and not result.unexpected_keys
    x = torch.randn(2, 3, 8, 64, 64)
    plain.eval(), tokens_backbone.eval()
    x_cls, tokens = tokens_backbone(x)
    assert torch.allclose(x_cls, plain(x), atol=1e-6)  # same function, no new params
    assert tokens.shape == (2, 8, 16, 64)              # [N, T, (64/16)^2, width]


def test_loss_returns_every_term_and_they_are_finite(model):
    inputs = clip(4)
    losses = model.loss(inputs, samples([0, 1, 2, 3]))
    expected = {'loss_cls', 'loss_cls_global', 'loss_mtc_spatial', 'loss_mtc_temporal',
                'loss_mtc_tracklet', 'loss_text_video', 'loss_text_proto'}
    assert expected <= set(losses)
    assert all(torch.isfinite(losses[k]) for k in expected)


def test_bank_gradients_flow_only_where_they_should(model):
    bank = model.cls_head.bank
    losses = model.loss(clip(4), samples([0, 1, 2, 3]))
    assert not bank.bank.requires_grad  # S is a buffer
    text = sum(v for k, v in losses.items() if k.startswith('loss_text'))
    others = sum(v for k, v in losses.items() if k.startswith('loss') and not k.startswith('loss_text'))
    (g_text,) = torch.autograd.grad(text, bank.agent_bank, retain_graph=True)
    assert g_text.abs().sum() > 0
    g_other = torch.autograd.grad(others, bank.agent_bank, retain_graph=True, allow_unused=True)[0]
    assert g_other is None or g_other.abs().sum() == 0
    # detach_text_video: the text losses do not reach the backbone
    g_backbone = torch.autograd.grad(text, model.backbone.conv1.weight, allow_unused=True)[0]
    assert g_backbone is None or g_backbone.abs().sum() == 0


def test_topk_selection_does_not_read_labels(model):
    model.eval()
    feats = model.extract_feat(clip(3), test_mode=True)[0]
    picked_a = model.cls_head.forward_art(feats)['picked_classes']
    model.train()
    torch.manual_seed(1)
    # loss() with two different label sets must pick the same classes
    head = model.cls_head
    head.dropout.p = 0.0
    picks = []
    for labels in ([0, 0, 0], [3, 2, 1]):
        out = head.forward_art(feats)
        head.loss(feats, samples(labels))
        picks.append(out['picked_classes'])
    assert torch.equal(picks[0], picks[1]) and torch.equal(picks[0], picked_a)
    assert picked_a.shape == (3, 2)


def test_ema_hook_update_is_exact(model):
    bank = model.cls_head.bank
    with torch.no_grad():
        bank.agent_bank.add_(torch.randn_like(bank.agent_bank))
    S, Sa = bank.bank.clone(), bank.agent_bank.detach().clone()

    class Runner:
        pass
    runner = Runner()
    runner.model = model
    TextBankEMAHook(momentum=0.9).after_train_iter(runner, 0)
    assert torch.allclose(bank.bank, 0.9 * S + 0.1 * Sa, atol=1e-7)


def test_state_dict_round_trip_keeps_banks_and_prototypes(model, tmp_path):
    model.loss(clip(4), samples([0, 1, 2, 3]))  # moves the prototypes
    with torch.no_grad():
        model.cls_head.bank.bank.mul_(0.5)
        model.cls_head.bank.agent_bank.add_(1.0)
    path = tmp_path / 'model.pth'
    torch.save(model.state_dict(), path)
    fresh = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth'))  # no init_weights: zeros
    fresh.load_state_dict(torch.load(path, weights_only=True))
    for name in ('bank', 'agent_bank', 'initial_bank', 'prototypes'):
        assert torch.equal(getattr(fresh.cls_head.bank, name), getattr(model.cls_head.bank, name)), name
    assert not torch.equal(fresh.cls_head.bank.prototypes,
                           model.cls_head.bank.class_semantics(model.cls_head.bank.initial_bank))


def test_multiview_predict_gives_one_score_row_per_video(model):
    model.eval()
    results = model.predict(clip(2, views=3), samples([0, 1]))
    assert len(results) == 2
    assert results[0].pred_score.shape == (4,)
    assert torch.allclose(results[0].pred_score.sum(), torch.tensor(1.0), atol=1e-5)  # prob avg


def test_response_maps_are_distributions(model):
    model.eval()
    out = model.forward_tracklets(clip(2))
    maps = out['response_maps']
    assert maps.shape == (2, 8, 2, 16)  # [N, T, K, L]
    assert torch.allclose(maps.sum(-1), torch.ones(2, 8, 2), atol=1e-5)
    assert torch.allclose(out['weights'].sum(-1), torch.ones(2, 2), atol=1e-5)


@pytest.mark.parametrize('change, message', [
    (dict(num_classes=5), 'has 4 classes but the model is configured for num_classes=5'),
    (dict(text_dims=32), 'has embedding width 16 but the model is configured for text_dims=32'),
])
def test_bank_disagreeing_with_config_names_both_numbers(tmp_path, change, message):
    random_bank(tmp_path / 'bank.pth')
    cfg = tiny_art_cfg(tmp_path / 'bank.pth', num_classes=change.get('num_classes', 4),
                       text_dims=change.get('text_dims', 16))
    model = MODELS.build(cfg)
    with pytest.raises(ValueError, match=message):
        model.init_weights()


def test_missing_bank_file_names_the_path(tmp_path):
    model = MODELS.build(tiny_art_cfg(tmp_path / 'nowhere.pth'))
    with pytest.raises(FileNotFoundError, match='nowhere.pth'):
        model.init_weights()


def test_k_larger_than_classes_names_both_numbers(tmp_path):
    with pytest.raises(ValueError, match=r'K=5.*num_classes \(4\)'):
        MODELS.build(tiny_art_cfg(tmp_path / 'b.pth', num_tracklets=5))


def test_label_out_of_range_is_reported(model):
    with pytest.raises(ValueError, match='label 7 is out of range for num_classes=4'):
        model.loss(clip(2), samples([0, 7]))


def test_paper_vitb16_config_runs_one_forward_at_its_input_size():
    cfg = Config.fromfile(TINY_ART.replace('art_uniformerv2-tiny_synthetic', 'art_uniformerv2_finegym'))
    model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        out = model.forward_tracklets(torch.randn(1, 1, 3, 16, 224, 224))
    assert out['logits'].shape == (1, 99)
    assert out['response_maps'].shape == (1, 16, 2, 196)


def test_cnn_adapter_gives_tokens():
    backbone = MODELS.build(dict(type='FeatureMapTokenAdapter', mode='2d',
                                 backbone=dict(type='ResNetTSM', depth=18, num_segments=4,
                                               pretrained=None)))
    x_cls, tokens = backbone(torch.randn(2, 3, 4, 64, 64))
    assert x_cls.shape == (2, 512) and tokens.shape == (2, 4, 4, 512)
    assert torch.allclose(x_cls, tokens.mean(dim=(1, 2)))
