# FineGym99 (the Gym99 element categories; MMAction2's download script fetches the v1.0
# lists), trimmed sub-action clips.
_base_ = ['video_16x224.py']
num_classes = 99
data_root = 'data/gym/subactions'
ann_file_train = 'data/gym/annotations/gym99_train.txt'
ann_file_val = 'data/gym/annotations/gym99_val.txt'
# ART's text bank for these classes (tools/data/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/gym/text_bank_gym99_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
