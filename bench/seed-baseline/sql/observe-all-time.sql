SELECT subreddit, post_count::int AS post_count FROM seed_all_time
