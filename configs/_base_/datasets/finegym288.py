# FineGym288: the sub-action clips MMAction2's tools/data/gym scripts cut for Gym99 (the
# same clips), listed by FineGym's Gym288 lists; tools/data/finegym288_file_list.py
# downloads those lists and writes gym288_{train,val}.txt beside MMAction2's gym99 ones.
# Class names from FineGym's gym288_categories.txt.
_base_ = ['video_16x224.py']
num_classes = 288
data_root = 'data/gym/subactions'
ann_file_train = 'data/gym/annotations/gym288_train.txt'
ann_file_val = 'data/gym/annotations/gym288_val.txt'
# ART's text bank for these classes (tools/data/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/gym/text_bank_gym288_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
