"""MTC and text-bank losses on cases computed by hand."""
import math

import pytest
import torch
import torch.nn.functional as F

from art_mmaction.models.losses import MTCLoss, TextBankLoss


def eye_responses(T=3, K=2, d=4):
    """Every frame: response k is the k-th basis vector (orthogonal, constant in time)."""
    return torch.eye(d)[:K].expand(1, T, K, d).clone()


def test_mtc_orthogonal_constant_responses_give_zero():
    losses = MTCLoss(loss_weight=1.0)(eye_responses())
    assert set(losses) == {'loss_mtc_spatial', 'loss_mtc_temporal', 'loss_mtc_tracklet'}
    for value in losses.values():
        assert value.item() == pytest.approx(0.0, abs=1e-6)


def test_mtc_spatial_and_tracklet_by_hand():
    # two responses at 60 degrees in every frame: cos = 0.5
    a = torch.tensor([1.0, 0.0])
    b = torch.tensor([0.5, math.sqrt(3) / 2])
    r = torch.stack([a, b]).expand(1, 4, 2, 2).clone()
    losses = MTCLoss(loss_weight=2.0)(r)
    assert losses['loss_mtc_spatial'].item() == pytest.approx(2 * 0.5, abs=1e-5)
    assert losses['loss_mtc_tracklet'].item() == pytest.approx(2 * 0.5, abs=1e-5)
    assert losses['loss_mtc_temporal'].item() == pytest.approx(0.0, abs=1e-6)


def test_mtc_temporal_margin_by_hand():
    # track 0 turns by 90 degrees between frames (cos 0): loss = lambda for it;
    # track 1 turns by 30 degrees (cos 0.866 > 0.6): no loss. Mean over (t, k).
    frames = [torch.tensor([[1.0, 0, 0], [0, 1.0, 0]]),
              torch.tensor([[0, 0, 1.0], [0.5, math.sqrt(3) / 2, 0]])]
    r = torch.stack(frames).unsqueeze(0)  # [1, 2, 2, 3]
    loss = MTCLoss(temporal_margin=0.6, loss_weight=1.0).temporal(F.normalize(r, dim=-1))
    assert loss.item() == pytest.approx((0.6 + 0.0) / 2, abs=1e-5)


def test_mtc_terms_switch_off_and_negative_cosine_not_rewarded():
    r = torch.tensor([[[[1.0, 0.0], [-1.0, 0.0]]]])  # opposite: cos -1 -> clamp 0
    losses = MTCLoss(use_temporal=False, use_tracklet=False, loss_weight=1.0)(r)
    assert list(losses) == ['loss_mtc_spatial']
    assert losses['loss_mtc_spatial'].item() == pytest.approx(0.0, abs=1e-6)


def test_text_video_loss_winner_take_all_by_hand():
    # 2 prompts x 2 classes in 2-d; v = e0. Class 0's best prompt is e0 (cos 1),
    # class 1's best is at 90 degrees (cos 0). p = [1, 0]; CE(p / tau, 0).
    bank = torch.tensor([[[1.0, 0.0], [0.0, 1.0]],
                         [[0.0, -1.0], [0.0, 1.0]]])
    v = torch.tensor([[1.0, 0.0]])
    tau = 0.5
    losses = TextBankLoss(temperature=tau, use_proto=False, loss_weight=1.0)(
        v, bank, torch.zeros(2, 2), torch.tensor([0]))
    expected = -math.log(math.exp(1 / tau) / (math.exp(1 / tau) + math.exp(0)))
    assert losses['loss_text_video'].item() == pytest.approx(expected, rel=1e-5)


def test_text_proto_loss_by_hand():
    bank = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])        # class means e0, e1
    prototypes = torch.tensor([[1.0, 0.0], [0.0, 1.0]])    # identity similarity
    tau = 1.0
    loss = TextBankLoss(temperature=tau, use_video=False, loss_weight=3.0)(
        torch.zeros(1, 2), bank, prototypes, torch.tensor([0]))['loss_text_proto']
    expected = 3.0 * -math.log(math.e / (math.e + 1))
    assert loss.item() == pytest.approx(expected, rel=1e-5)


def test_map_overlap_by_hand_and_its_gradient_pulls_maps_apart():
    from art_mmaction.models.losses import MapOverlapLoss, map_overlap
    # one frame, K = 3 maps over L = 4 cells
    maps = torch.tensor([[0.5, 0.5, 0.0, 0.0],
                         [0.5, 0.0, 0.5, 0.0],
                         [0.0, 0.0, 0.0, 1.0]]).reshape(1, 1, 3, 4)
    # pairs (0,1): min sums to 0.5; (0,2): 0; (1,2): 0
    assert map_overlap(maps)[0, 0].tolist() == [0.5, 0.0, 0.0]
    loss = MapOverlapLoss(loss_weight=3.0)
    assert loss(maps)['loss_map_overlap'].item() == pytest.approx(3.0 * 0.5 / 3)
    same = torch.full((2, 4, 2, 5), 0.2)
    assert loss(same)['loss_map_overlap'].item() == pytest.approx(3.0)  # identical maps
    logits = torch.randn(2, 4, 2, 5, requires_grad=True)
    start = loss(logits.softmax(-1))['loss_map_overlap']
    start.backward()
    with torch.no_grad():
        moved = loss((logits - 0.5 * logits.grad).softmax(-1))['loss_map_overlap']
    assert moved < start
    with pytest.raises(ValueError, match='K >= 2'):
        loss(torch.full((1, 1, 1, 4), 0.25))
