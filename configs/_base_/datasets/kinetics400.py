# Kinetics-400, as MMAction2's tools/data/kinetics scripts write it (and its Kinetics
# configs read it): data/kinetics400/videos_{train,val}/<class>/*.mp4 and
# data/kinetics400/kinetics400_{train,val}_list_videos.txt.
_base_ = ['video_16x224.py']
num_classes = 400
data_root = 'data/kinetics400/videos_train'
data_root_val = 'data/kinetics400/videos_val'
ann_file_train = 'data/kinetics400/kinetics400_train_list_videos.txt'
ann_file_val = 'data/kinetics400/kinetics400_val_list_videos.txt'
# ART's text bank for these classes (tools/data/build_text_bank.py; docs/text_banks.md).
text_bank_file = 'data/kinetics400/text_bank_vitb16.pth'
train_dataloader = dict(dataset=dict(ann_file=ann_file_train, data_prefix=dict(video=data_root)))
val_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root_val)))
test_dataloader = dict(dataset=dict(ann_file=ann_file_val, data_prefix=dict(video=data_root_val)))
