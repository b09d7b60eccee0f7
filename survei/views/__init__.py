"""The survey's pages: rounds (gelombang.py), the questionnaire (kuesioner.py), results (hasil.py)."""
