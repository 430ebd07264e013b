# ART, UniFormerV2 ViT-L/14, FineGym99, 16 x 224 (the paper's Table VII setting).
# CLIP ViT-L/14 text width is 768: build the bank with --model ViT-L-14.
_base_ = ['art_uniformerv2_finegym.py', '_base_/models/uniformerv2_vitl14_overrides.py']
model = dict(
    backbone={{_base_.vitl14_backbone}},
    cls_head=dict(in_channels=1024, num_tokens=256,
                  bank=dict(text_dims=768, bank_file='data/gym/text_bank_gym99_vitl14.pth')))
