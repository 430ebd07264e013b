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


def _ema_runner(model, accumulative_counts=1):
    from mmengine.optim import OptimWrapper

    class Runner:
        pass
    runner = Runner()
    runner.model = model
    optimizer = torch.optim.SGD([model.cls_head.bank.agent_bank], lr=0.0)
    runner.optim_wrapper = OptimWrapper(optimizer, accumulative_counts=accumulative_counts)
    return runner


def test_ema_hook_update_is_exact_after_a_step(model):
    bank = model.cls_head.bank
    with torch.no_grad():
        bank.agent_bank.add_(torch.randn_like(bank.agent_bank))
    S, Sa = bank.bank.clone(), bank.agent_bank.detach().clone()
    runner = _ema_runner(model)
    hook = TextBankEMAHook(momentum=0.9)
    hook.before_train(runner)
    runner.optim_wrapper.update_params((bank.agent_bank * 0).sum())  # a real (lr 0) step
    hook.after_train_iter(runner, 0)
    assert torch.allclose(bank.bank, 0.9 * S + 0.1 * Sa, atol=1e-7)


def test_ema_hook_skips_iterations_without_an_optimizer_step(model):
    bank = model.cls_head.bank
    with torch.no_grad():
        bank.agent_bank.add_(torch.randn_like(bank.agent_bank))
    S = bank.bank.clone()
    runner = _ema_runner(model, accumulative_counts=2)  # gradient accumulation
    hook = TextBankEMAHook(momentum=0.9)
    hook.before_train(runner)
    runner.optim_wrapper.update_params((bank.agent_bank * 0).sum())  # accumulates only
    hook.after_train_iter(runner, 0)
    assert torch.equal(bank.bank, S)
    runner.optim_wrapper.update_params((bank.agent_bank * 0).sum())  # steps
    hook.after_train_iter(runner, 1)
    assert not torch.equal(bank.bank, S)
    hook.after_train(runner)


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
    model.init_weights()  # a checkpoint loaded next may still bring the bank
    with pytest.raises(ValueError, match=message):
        model.loss(clip(2), samples([0, 1]))


def test_missing_bank_file_names_the_path_at_the_first_step(tmp_path):
    model = MODELS.build(tiny_art_cfg(tmp_path / 'nowhere.pth'))
    model.init_weights()
    with pytest.raises(FileNotFoundError, match='nowhere.pth'):
        model.loss(clip(2), samples([0, 1]))


def test_checkpoint_bank_replaces_a_missing_bank_file(model, tmp_path):
    state = model.state_dict()
    fresh = MODELS.build(tiny_art_cfg(tmp_path / 'moved.pth'))
    fresh.init_weights()  # the file is gone: not an error yet
    fresh.load_state_dict(state)
    assert torch.equal(fresh.cls_head.bank.bank, model.cls_head.bank.bank)
    fresh.loss(clip(2), samples([0, 1]))  # runs: the checkpoint's bank is set


def test_k_larger_than_classes_names_both_numbers(tmp_path):
    with pytest.raises(ValueError, match=r'K=5.*num_classes \(4\)'):
        MODELS.build(tiny_art_cfg(tmp_path / 'b.pth', num_tracklets=5))


def test_label_out_of_range_is_reported(model):
    losses = model.loss(clip(2), samples([0, 7]))  # clamped, so the forward pass runs
    with pytest.raises(ValueError, match='label 7 is out of range for num_classes=4'):
        model.parse_losses(losses)


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


def test_topk_ranking_is_trained_by_loss_topk(model):
    head = model.cls_head
    losses = model.loss(clip(4), samples([0, 1, 2, 3]))
    (grad,) = torch.autograd.grad(losses['loss_topk'], head.video_to_text.weight)
    assert grad.abs().sum() > 0  # the ranking scores p_c = cos(psi(x_cls), s_c) learn
    assert 'topk_hit' in losses and 0.0 <= float(losses['topk_hit']) <= 1.0


def test_topk_pick_follows_the_ranking_scores(model):
    head = model.cls_head
    model.eval()
    feats = model.extract_feat(clip(3), test_mode=True)[0]
    out = head.forward_art(feats)
    expected = out['topk_scores'].topk(head.num_tracklets, dim=-1).indices
    assert torch.equal(out['picked_classes'], expected)


def test_learnable_aggregation_temperature_gets_gradient_and_can_sharpen(model):
    head = model.cls_head
    assert isinstance(head.aggregator.log_temperature, torch.nn.Parameter)
    losses = model.loss(clip(4), samples([0, 1, 2, 3]))
    (grad,) = torch.autograd.grad(losses['loss_cls'], head.aggregator.log_temperature)
    assert grad.abs() > 0
    responses = torch.randn(1, 8, 2, 16)
    semantics = responses.clone()  # each response equals a semantic: peaked similarities
    with torch.no_grad():
        head.aggregator.log_temperature.fill_(torch.log(torch.tensor(0.01)))
    _, sharp = head.aggregator(responses, semantics)
    with torch.no_grad():
        head.aggregator.log_temperature.fill_(0.0)
    _, mild = head.aggregator(responses, semantics)
    assert sharp.max() > mild.max()


def test_mean_aggregation_has_no_parameter(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', aggregation=dict(mode='mean')))
    assert not any('aggregator' in name for name, _ in model.named_parameters())


def test_global_loss_uses_the_head_loss_config_and_label_smoothing(tmp_path):
    import torch.nn.functional as F
    random_bank(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', label_smooth_eps=0.2,
                                      dropout_ratio=0.0))
    model.init_weights()
    x = clip(4)
    feats = model.extract_feat(x)[0]
    logits_global = model.cls_head.forward_art(feats)['logits_global']
    losses = model.cls_head.loss(feats, samples([0, 1, 2, 3]))
    target = 0.8 * F.one_hot(torch.arange(4), 4) + 0.2 / 4
    expected = -(target * F.log_softmax(logits_global, dim=-1)).sum(-1).mean()
    assert torch.allclose(losses['loss_cls_global'], expected, atol=1e-5)


def test_switched_off_parts_have_no_trainable_parameters(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    no_text = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', loss_text=None))
    assert not no_text.cls_head.bank.agent_bank.requires_grad
    assert no_text.cls_head.video_to_text.weight.requires_grad  # still ranks the top-K
    neither = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', loss_text=None,
                                        topk_loss_weight=0.0))
    assert not neither.cls_head.video_to_text.weight.requires_grad
    # every parameter that requires a gradient gets one: DDP's find_unused_parameters=False
    for model in (no_text, neither):
        model.init_weights()
        losses = model.loss(clip(2), samples([0, 1]))
        total = sum(v for k, v in losses.items() if 'loss' in k)
        total.backward()
        unused = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
        assert not unused, unused


def test_prototypes_move_to_class_means_by_hand(model):
    import torch.nn.functional as F
    bank = model.cls_head.bank
    before = bank.prototypes.clone()
    embeds = F.normalize(torch.randn(5, 16), dim=-1)
    embeds[4] = float('nan')  # ignored
    labels = torch.tensor([0, 0, 2, 2, 1])
    bank.update_prototypes(embeds, labels)
    m = bank.prototype_momentum
    for c, rows in ((0, [0, 1]), (2, [2, 3])):
        centre = F.normalize(embeds[rows].mean(0), dim=-1)
        assert torch.allclose(bank.prototypes[c], F.normalize(m * before[c] + (1 - m) * centre,
                                                              dim=-1), atol=1e-6)
    assert torch.equal(bank.prototypes[1], before[1])  # its only sample was not finite
    assert torch.equal(bank.prototypes[3], before[3])  # absent


def test_art_head_metric_by_hand():
    from art_mmaction.evaluation import ARTHeadMetric
    metric = ARTHeadMetric()
    uniform = torch.full((1, 2, 4), 0.25)
    onehot = torch.zeros(1, 2, 4)
    onehot[..., 0] = 1.0
    metric.process(None, [dict(gt_label=torch.tensor([1]), art_picked_classes=torch.tensor([[1, 3]]),
                               art_weights=uniform),
                          dict(gt_label=torch.tensor([2]), art_picked_classes=torch.tensor([[0, 3]]),
                               art_weights=onehot)])
    result = metric.compute_metrics(metric.results)
    assert result['topk_hit'] == 0.5
    assert result['agg_entropy'] == pytest.approx(0.5)   # (1 + 0) / 2
    assert result['agg_max_weight'] == pytest.approx(0.625)  # (0.25 + 1) / 2


def test_rank_check_names_the_drifted_tensor(model, monkeypatch):
    from art_mmaction.engine.hooks import text_bank_ema_hook as module

    def two_ranks_one_drifted(flat):
        other = flat.clone()
        other[-1] += 0.5  # the last tensor of the head's state
        return [flat, other]
    monkeypatch.setattr(module, 'get_world_size', lambda: 2)
    monkeypatch.setattr(module, 'all_gather', two_ranks_one_drifted)

    class Runner:
        epoch = 3
    runner = Runner()
    runner.model = model
    last = [n for n, t in model.cls_head.state_dict().items() if t.is_floating_point()][-1]
    with pytest.raises(RuntimeError, match=rf'differs across the 2 ranks after epoch 3.*{last} '
                                           r'\(max \|x_rank - x_rank0\| = 0.5\)'):
        TextBankEMAHook().after_train_epoch(runner)


def test_se_residual_gate_starts_as_identity_and_only_the_gate_learns_first():
    from art_mmaction.models.layers import SpatialEnhancer
    torch.manual_seed(0)
    tokens, semantics = torch.randn(3, 5, 16), torch.randn(3, 2, 16)
    gated = SpatialEnhancer(16, num_layers=1, num_heads=2, dropout=0.0, residual_gate_init=0.0)
    out_tokens, out_semantics = gated(tokens, semantics)
    assert torch.equal(out_tokens, tokens) and torch.equal(out_semantics, semantics)
    (out_tokens.square().sum() + out_semantics.sum()).backward()
    assert gated.residual_gate.grad.abs().sum() > 0
    assert all(p.grad is None or not p.grad.any() for p in gated.encoder.parameters())

    # An open gate (1) is the paper's enhancer; a half-open one blends the two.
    plain = SpatialEnhancer(16, num_layers=1, num_heads=2, dropout=0.0)
    plain.load_state_dict(gated.state_dict(), strict=False)
    with torch.no_grad():
        gated.residual_gate.fill_(0.5)
    blended, _ = gated(tokens, semantics)
    enhanced, _ = plain(tokens, semantics)
    torch.testing.assert_close(blended, 0.5 * tokens + 0.5 * enhanced)


def test_se_residual_gate_is_built_from_the_head_config(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', se_residual_gate=0.0))
    model.init_weights()
    head = model.cls_head
    assert head.enhancer.residual_gate.requires_grad
    assert not head.enhancer.residual_gate.any()


def _saved_activation_bytes(fn):
    """Bytes autograd keeps for the backward pass while ``fn()`` runs (tensors saved
    inside a checkpointed region are the checkpoint's business, not counted)."""
    saved = []

    def pack(tensor):
        saved.append(tensor.numel() * tensor.element_size())
        return tensor
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        out = fn()
    return out, sum(saved)


def test_with_cp_gives_the_same_losses_and_gradients_for_less_kept_memory(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    inputs, data = clip(3), samples([0, 1, 2])
    results = {}
    for with_cp in (False, True):
        torch.manual_seed(0)
        model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', with_cp=with_cp))
        model.init_weights()
        model.train()  # dropout 0.1 inside SE and RSSA: the recomputation must replay its masks
        torch.manual_seed(1)
        losses, kept = _saved_activation_bytes(lambda: model.loss(inputs, data))
        total = sum(v for k, v in losses.items() if k.startswith('loss'))
        total.backward()
        grads = {n: p.grad.clone() for n, p in model.cls_head.named_parameters()
                 if p.grad is not None}
        results[with_cp] = (losses, grads, kept)
    (plain_losses, plain_grads, plain_kept), (cp_losses, cp_grads, cp_kept) = \
        results[False], results[True]
    for key in plain_losses:
        torch.testing.assert_close(cp_losses[key], plain_losses[key], rtol=0, atol=0)
    assert plain_grads.keys() == cp_grads.keys()
    assert any(n.startswith('enhancer.') for n in cp_grads)
    for name, grad in plain_grads.items():
        torch.testing.assert_close(cp_grads[name], grad, rtol=1e-5, atol=1e-7, msg=name)
    # SE and RSSA keep only their layers' inputs: well under what the head kept before
    assert cp_kept < 0.8 * plain_kept, (cp_kept, plain_kept)


def test_with_cp_checkpoints_every_se_and_rssa_layer_and_only_with_gradients(tmp_path,
                                                                            monkeypatch):
    from art_mmaction.models.layers import rssa as rssa_module
    random_bank(tmp_path / 'bank.pth')
    model = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', with_cp=True))
    model.init_weights()
    head = model.cls_head
    checkpointed = []
    real_checkpoint = rssa_module.checkpoint

    def counting_checkpoint(layer, *args, **kwargs):
        checkpointed.append(layer)
        return real_checkpoint(layer, *args, **kwargs)
    monkeypatch.setattr(rssa_module, 'checkpoint', counting_checkpoint)
    model.train()
    model.loss(clip(2), samples([0, 1]))
    layers = list(head.enhancer.encoder.layers) + list(head.rssa.layers)
    assert len(checkpointed) == len(layers)
    assert all(a is b for a, b in zip(checkpointed, layers))
    checkpointed.clear()
    with torch.no_grad():  # nothing to recompute for: plain calls
        model.eval()
        model.cls_head.forward_art(model.extract_feat(clip(1), test_mode=True)[0])
    assert not checkpointed


def test_se_attn_dropout_sets_only_the_attention_rate_and_keeps_less_for_backward():
    from art_mmaction.models.layers import SpatialEnhancer
    tokens, semantics = torch.randn(6, 30, 32), torch.randn(6, 2, 32)
    kept = {}
    for attn_dropout in (None, 0.0):
        torch.manual_seed(0)
        se = SpatialEnhancer(32, num_layers=2, num_heads=4, dropout=0.1,
                             attn_dropout=attn_dropout).train()
        for layer in se.encoder.layers:
            assert layer.self_attn.dropout == (0.1 if attn_dropout is None else 0.0)
            assert layer.dropout.p == layer.dropout1.p == layer.dropout2.p == 0.1
        _, kept[attn_dropout] = _saved_activation_bytes(lambda: se(tokens, semantics))
    # the dropped-out attention maps [6, 4, 32, 32] per layer are no longer kept
    assert kept[0.0] < kept[None] - 2 * 6 * 4 * 32 * 32 * 4, kept


class HostReads(torch.overrides.TorchFunctionMode):
    """Counts tensor operations that make the host wait for the device's values:
    explicit reads and boolean-mask indexing (the device must report a count)."""
    READS = {'item', 'tolist', 'numpy', '__bool__', '__int__', '__float__', '__index__',
             'nonzero', 'masked_select', 'unique', 'cpu'}

    def __init__(self):
        super().__init__()
        self.seen = []

    def __torch_function__(self, func, types, args=(), kwargs=None):
        name = getattr(func, '__name__', '')
        boolean_index = name == '__getitem__' and any(
            isinstance(a, torch.Tensor) and a.dtype == torch.bool
            for a in (args[1] if isinstance(args[1], tuple) else (args[1],)))
        if name in self.READS or boolean_index:
            self.seen.append(name)
        return func(*args, **(kwargs or {}))


def test_a_training_forward_reads_the_device_once(model):
    """Forward, every loss, the prototype update, both fault checks and every
    logged value: one host read (``tolist`` of the gathered check table)."""
    model.train()
    inputs = clip(4)
    data_samples = samples([0, 1, 2, 3])
    with HostReads() as reads:
        losses = model.loss(inputs, data_samples)
        loss, log_vars = model.parse_losses(losses)
    assert reads.seen == ['tolist'], reads.seen
    assert all(isinstance(v, float) for v in log_vars.values())
    assert log_vars['loss'] == pytest.approx(loss.item())
    assert {'loss_cls', 'loss_cls_global', 'loss_topk', 'top1_acc', 'topk_hit'} <= set(log_vars)


def test_classification_loss_and_accuracy_match_mmaction(model):
    """Our device-side loss_cls and top-k accuracy give MMAction2's numbers."""
    from mmaction.models.heads.base import BaseHead
    logits = torch.randn(6, 4)
    labels = torch.tensor([0, 1, 2, 3, 0, 1])
    reference = BaseHead.loss_by_feat(model.cls_head, logits, samples(labels.tolist()))
    assert torch.allclose(model.cls_head.classification_loss(logits, labels),
                          reference['loss_cls'])
    from art_mmaction.models.heads.art_head import topk_accuracy
    for k in model.cls_head.topk:
        assert topk_accuracy(logits, labels, k).item() == pytest.approx(
            reference[f'top{k}_acc'].item())


def test_map_overlap_loss_is_off_by_default_and_trains_the_attention_when_on(tmp_path):
    random_bank(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    plain = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth'))
    plain.init_weights()
    assert plain.cls_head.loss_map_overlap is None
    assert 'loss_map_overlap' not in plain.loss(clip(2), samples([0, 1]))
    torch.manual_seed(0)
    apart = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', loss_map_overlap=dict(
        type='MapOverlapLoss', loss_weight=2.0)))
    apart.init_weights()
    apart.eval()  # no dropout: the two forwards below see the same maps
    x = clip(2)
    losses = apart.loss(x, samples([0, 1]))
    from art_mmaction.models.losses import map_overlap
    maps = apart.cls_head.forward_art(apart.extract_feat(x)[0])['response_maps']
    assert losses['loss_map_overlap'].item() == pytest.approx(
        2.0 * map_overlap(maps).mean().item(), rel=1e-5)
    # it reaches the RSSA decoder's cross-attention (the maps), not the classifier
    queries = [p for n, p in apart.cls_head.rssa.named_parameters() if 'multihead' in n or 'attn' in n]
    grads = torch.autograd.grad(losses['loss_map_overlap'], queries + [apart.cls_head.fc_cls.weight],
                                allow_unused=True)
    assert any(g is not None and g.abs().sum() > 0 for g in grads[:-1])
    assert grads[-1] is None
    with pytest.raises(ValueError, match='num_tracklets >= 2'):
        MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', num_tracklets=1,
                                  loss_map_overlap=dict(type='MapOverlapLoss')))


def test_prompt_init_std_sets_the_prompts_scale_and_separates_the_first_maps(tmp_path):
    from art_mmaction.models.layers.rssa import RegionSemanticsActivation
    from art_mmaction.models.losses import map_overlap

    torch.manual_seed(0)
    default = RegionSemanticsActivation(32, 2, num_layers=2, num_heads=4)
    torch.manual_seed(0)
    reference = torch.nn.init.trunc_normal_(torch.zeros(2, 32), std=0.02)
    assert torch.equal(default.prompts.data, reference)  # the default draw is unchanged

    # the K queries share their class semantics (neighbouring fine-grained
    # classes): small prompts start the K maps as one map, large ones apart
    semantics = (torch.randn(3, 1, 32) * 0.1).expand(3, 2, 32)
    tokens = torch.randn(3, 16, 32)
    apart = {}
    for std in (0.02, 1.0):
        torch.manual_seed(1)
        rssa = RegionSemanticsActivation(32, 2, num_layers=2, num_heads=4,
                                         prompt_init_std=std).eval()
        apart[std] = (1 - map_overlap(rssa(semantics, tokens)[1])).mean().item()
    assert apart[1.0] > 5 * apart[0.02]

    random_bank(tmp_path / 'bank.pth')
    head = MODELS.build(tiny_art_cfg(tmp_path / 'bank.pth', prompt_init_std=1.0)).cls_head
    assert 0.5 < head.rssa.prompts.std().item() < 1.5
    with pytest.raises(ValueError, match='prompt_init_std must be positive, got 0'):
        RegionSemanticsActivation(32, 2, prompt_init_std=0)


@pytest.mark.parametrize('config', ['art-tiny_synthetic_add-one-search.py',
                                    'art-i3d-k400-pre_synthetic_add-one-search.py'])
def test_add_one_search_base_trains_exactly_the_rssa_only_head(tmp_path, config):
    """The search bases keep MTC, text-bank and map-overlap terms at weight 0 so that one grid
    can switch each on; at 0 they must leave every gradient as if the terms were absent."""
    from conftest import REPO
    random_bank(tmp_path / 'bank.pth')
    cfg = Config.fromfile(f'{REPO}/configs/ablations/{config}')
    base = cfg.model.cls_head
    assert base.loss_mtc.loss_weight == 0 and base.loss_text.loss_weight == 0
    assert base.loss_map_overlap.loss_weight == 0
    assert base.se_layers == 0 and base.aggregation.mode == 'mean'
    assert [h.momentum for h in cfg.custom_hooks if h.type == 'TextBankEMAHook'] == [1.0]
    switches = dict(se_layers=base.se_layers, aggregation=dict(mode=base.aggregation.mode),
                    prompt_init_std=base.prompt_init_std)
    with_zero_terms = tiny_art_cfg(tmp_path / 'bank.pth', **switches,
                                   loss_mtc=dict(base.loss_mtc), loss_text=dict(base.loss_text),
                                   loss_map_overlap=dict(base.loss_map_overlap))
    without_terms = tiny_art_cfg(tmp_path / 'bank.pth', **switches, loss_mtc=None, loss_text=None,
                                 loss_map_overlap=None)
    grads = []
    for model_cfg in (with_zero_terms, without_terms):
        torch.manual_seed(0)
        m = MODELS.build(model_cfg)
        m.init_weights()
        m.train()
        torch.manual_seed(1)
        losses = m.loss(clip(4), samples([0, 1, 2, 3]))
        total = sum(v for k, v in losses.items() if k.startswith('loss'))
        params = {k: p for k, p in m.named_parameters() if p.requires_grad}
        g = torch.autograd.grad(total, list(params.values()), allow_unused=True)
        grads.append({k: gi for k, gi in zip(params, g) if gi is not None and gi.abs().sum() > 0})
    assert grads[0].keys() == grads[1].keys() and grads[0]
    for name in grads[0]:
        assert torch.allclose(grads[0][name], grads[1][name], atol=1e-6), name


TINY_TWINS = ['ablations/art-tiny_synthetic_rssa.py', 'ablations/art-tiny_synthetic_rssa-no-se.py',
              'ablations/art-tiny_synthetic_rssa-ta.py', 'ablations/art-tiny_synthetic_rssa-ta-mtc.py',
              'ablations/art-tiny_synthetic_se-gate.py', 'ablations/art-tiny_synthetic_add-one-search.py',
              'art-recommended_uniformerv2-tiny_synthetic.py', 'art_uniformerv2-tiny_synthetic.py',
              'attentive-probe_uniformerv2-tiny_synthetic.py']


@pytest.mark.parametrize('config', TINY_TWINS)
def test_every_trainable_parameter_of_a_tiny_config_gets_a_gradient(tmp_path, config):
    """What DDP with find_unused_parameters=False needs of every config it trains: a
    parameter that requires a gradient and gets none stops the second step on every rank."""
    from conftest import REPO
    head = Config.fromfile(f'{REPO}/configs/{config}').model.cls_head
    model_cfg = Config.fromfile(f'{REPO}/configs/{config}').model
    model_cfg.cls_head.num_classes = 4
    if 'bank' in head:
        random_bank(tmp_path / 'bank.pth', num_prompts=head.bank.num_prompts, num_classes=4,
                    dims=head.bank.text_dims)
        model_cfg.cls_head.bank.bank_file = str(tmp_path / 'bank.pth')
    torch.manual_seed(0)
    model = MODELS.build(model_cfg)
    model.init_weights()
    model.train()
    losses = model.loss(clip(4), samples([0, 1, 2, 3]))
    sum(v for k, v in losses.items() if k.startswith('loss')).backward()
    unused = [n for n, p in model.named_parameters() if p.requires_grad and p.grad is None]
    assert not unused, unused


@pytest.mark.parametrize('backbone_type', ['UniFormerV2WithCP', 'UniFormerV2WithTokens'])
def test_backbone_with_cp_checkpoints_every_block_with_the_same_results(backbone_type, monkeypatch):
    """with_cp: the same outputs and gradients (drop path and dropout replayed), MMAction2's
    keys, and every local and global block recomputed, only while gradients are recorded."""
    from art_mmaction.models.backbones import uniformerv2_checkpointed as module
    cfg = Config.fromfile(TINY_BASELINE).model.backbone
    cfg = dict(cfg, type=backbone_type, backbone_drop_path_rate=0.3, drop_path_rate=0.3)
    torch.manual_seed(0)
    plain = MODELS.build(cfg)
    checkpointed = MODELS.build(dict(cfg, with_cp=True))
    assert checkpointed.load_state_dict(plain.state_dict(), strict=True)
    calls = []
    real = module.checkpoint
    monkeypatch.setattr(module, 'checkpoint', lambda fn, *a, **k: calls.append(fn) or real(fn, *a, **k))
    x = torch.randn(2, 3, 8, 64, 64)
    results = []
    for model in (plain, checkpointed):
        model.train()
        torch.manual_seed(1)
        out = model(x)
        out = out if isinstance(out, torch.Tensor) else out[0] + out[1].mean()
        out.square().sum().backward()
        results.append((out.detach(), {n: p.grad for n, p in model.named_parameters()}))
    blocks = len(plain.transformer.resblocks) + len(plain.transformer.dec)
    assert len(calls) == blocks
    assert torch.allclose(results[0][0], results[1][0], atol=1e-5)
    assert results[0][1].keys() == results[1][1].keys()
    assert all(torch.allclose(results[0][1][n], results[1][1][n], atol=1e-4)
               for n in results[0][1] if results[0][1][n] is not None)
    calls.clear()
    checkpointed.eval()
    with torch.no_grad():
        checkpointed(x)
    assert not calls
