# Diving48 (V2 annotations), as MMAction2's tools/data/diving48 scripts write it:
# data/diving48/videos/*.mp4 and data/diving48/diving48_{train,val}_list_videos.txt, where the
# "val" list is Diving48's V2 test split (the split the paper reports).
_base_ = ['video_16x224.py']
num_classes = 48
data_root = 'data/diving48/videos'
ann_file_train = 'data/diving48/diving48_train_list_videos.txt'
ann_file_val = 'data/diving48/diving48_val_list_videos.txt'
# ART's text bank for these classes (tools/data/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/diving48/text_bank_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root)))
