import { describe, expect, it } from 'vitest';
import { findDates, lastWeekday, publishedDateInText } from './dates';

// 2022-01-19 was a Wednesday.
const WED = '2022-01-19';
const dateOf = (text: string, published: string | null = WED) => findDates(text, published).map((d) => d.date);

describe('relative dates resolve backwards from publication', () => {
  it('takes the latest such weekday, the same day included', () => {
    expect(dateOf('he wrote on Tuesday')).toEqual(['2022-01-18']);
    expect(dateOf('ministers quit on Wednesday')).toEqual(['2022-01-19']);
    expect(dateOf('on Thursday night')).toEqual(['2022-01-13']);
    expect(dateOf('gathered Tuesday')).toEqual(['2022-01-18']);
  });

  it('reads today, yesterday, last night and the night before', () => {
    expect(dateOf('Today, she said')).toEqual([WED]);
    expect(dateOf('yesterday and last night')).toEqual(['2022-01-18', '2022-01-18']);
    expect(dateOf('resigned the night before')).toEqual(['2022-01-18']);
  });

  it('gives a day and month the year that keeps it in the past', () => {
    expect(dateOf('on 18 January')).toEqual(['2022-01-18']);
    expect(dateOf('on 20 December')).toEqual(['2021-12-20']);
    expect(dateOf('on June 6, 2022')).toEqual(['2022-06-06']);
  });

  it('never invents a date without a publication date, except a full one', () => {
    expect(dateOf('on Tuesday', null)).toEqual([]);
    expect(dateOf('on 6 June 2022', null)).toEqual(['2022-06-06']);
  });

  it('does not take the verb "may" for a month', () => {
    expect(dateOf('he may write a letter')).toEqual([]);
  });

  it('lastWeekday is never after the publication date', () => {
    for (let wd = 0; wd < 7; wd++) expect(lastWeekday(WED, wd) <= WED).toBe(true);
  });
});

describe('publishedDateInText', () => {
  it('finds a labelled date or a dateline', () => {
    expect(publishedDateInText('Headline\nPublished: 1 February 2022\nBody')).toBe('2022-02-01');
    expect(publishedDateInText('Wednesday 6 July 2022\nBody text.')).toBe('2022-07-06');
    expect(publishedDateInText('No date here.')).toBeNull();
  });
});

describe('years', () => {
  it('reads "in 2019" as a past year only, and ignores the current year', () => {
    expect(findDates('resigned as an aide in 2019 over Brexit', WED)).toMatchObject([{ date: '2019-06-30', yearOnly: true }]);
    expect(findDates('he wrote in 2022', WED)).toEqual([]);
    expect(findDates('since the 2019 election', WED)).toEqual([]);
  });

  it('reads "last June", "May 2019" and "three years ago" as approximate past dates', () => {
    expect(findDates('who resigned as health secretary last June', '2022-01-26')).toMatchObject([{ date: '2021-06-15', yearOnly: true }]);
    expect(findDates('who quit last March', '2022-07-06')).toMatchObject([{ date: '2022-03-15', yearOnly: true }]);
    expect(findDates('resigned in May 2019', '2022-07-06')).toMatchObject([{ date: '2019-05-15', yearOnly: true }]);
    expect(findDates('the rebellion three years ago', '2022-06-04')).toMatchObject([{ date: '2019-06-30', yearOnly: true }]);
    expect(findDates('he wrote in July 2022', '2022-07-06')).toEqual([]);
  });
});
