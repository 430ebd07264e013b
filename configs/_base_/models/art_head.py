# The ART head with the paper's settings (d=256, K=2, 4 SE + 4 RSSA layers, dropout 0.5,
# saliency aggregation, lambda=0.6, gamma1=gamma2=5, CLIP ViT-B/16 text bank of 8 prompts).
# Model files take it whole and state only what differs:
#   cls_head={**_base_.art_head, '_delete_': True, 'num_classes': ..., 'in_channels': ...}
art_head = dict(
    type='ARTHead',
    embed_dims=256,
    num_tracklets=2,
    num_tokens=196,
    se_layers=4,
    rssa_layers=4,
    num_heads=8,
    dropout_ratio=0.5,
    aggregation=dict(mode='saliency', temperature=0.1, learnable_temperature=True),  # ours
    bank=dict(type='TextSemanticsBank', text_dims=512, num_prompts=8, bank_file=None),
    loss_mtc=dict(type='MTCLoss', temporal_margin=0.6, loss_weight=5.0),
    loss_text=dict(type='TextBankLoss', temperature=0.07, loss_weight=5.0),
    average_clips='prob')
