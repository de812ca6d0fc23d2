"""The topic taxonomy as the petitions module uses it (the data lives in `danvan.core.topics`)."""

from danvan.core.topics import DEFAULT_TOPIC, topic_choices, topic_codes, topic_label

TOPICS = topic_choices

__all__ = ["DEFAULT_TOPIC", "TOPICS", "topic_choices", "topic_codes", "topic_label"]
